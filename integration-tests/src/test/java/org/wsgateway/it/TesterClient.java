package org.wsgateway.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.wsgateway.it.support.TesterBackend;

/**
 * A real client: the JDK's {@link WebSocket}, recording what it receives. Binary messages larger than 1 MiB are not
 * kept; their bytes are checked against {@link TesterBackend#pattern(long)} as they arrive.
 */
final class TesterClient implements WebSocket.Listener {

    record Close(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    final AtomicLong binaryBytes = new AtomicLong();
    final AtomicLong patternErrors = new AtomicLong();
    private final boolean autoRequest;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private long messageOffset;
    private volatile WebSocket socket;
    private volatile HttpResponse<?> handshake;

    private TesterClient(boolean autoRequest) {
        this.autoRequest = autoRequest;
    }

    static TesterClient connect(URI uri, String... subprotocols) throws Exception {
        return connect(uri, true, subprotocols);
    }

    /** Connects; with {@code autoRequest} false, nothing is read until {@link #request(long)}. */
    static TesterClient connect(URI uri, boolean autoRequest, String... subprotocols) throws Exception {
        TesterClient client = new TesterClient(autoRequest);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(java.time.Duration.ofSeconds(10));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.socket = builder.buildAsync(uri, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    /** Connects with extra handshake headers. */
    static TesterClient connectWithHeaders(URI uri, java.util.Map<String, String> headers) throws Exception {
        TesterClient client = new TesterClient(true);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(java.time.Duration.ofSeconds(10));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    /** The HTTP status of a handshake the gateway refused (fails if it was accepted). */
    static HttpResponse<?> refused(URI uri) throws Exception {
        try {
            TesterClient c = connect(uri);
            c.socket.abort();
            throw new AssertionError("the handshake to " + uri + " was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse();
            }
            throw e;
        }
    }

    WebSocket socket() {
        return socket;
    }

    void request(long n) {
        socket.request(n);
    }

    void send(String message) throws Exception {
        socket.sendText(message, true).get(10, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] message) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(message), true).get(10, TimeUnit.SECONDS);
    }

    /** The next message (String or byte[]), waiting at most 10 s. */
    Object next() throws InterruptedException {
        Object message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        return message;
    }

    String nextText() throws InterruptedException {
        return (String) next();
    }

    /** Waits for the close the gateway sends. */
    Close awaitClose(long seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }

    void close(int code, String reason) throws Exception {
        socket.sendClose(code, reason).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (autoRequest) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        binaryBytes.addAndGet(data.remaining());
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b != TesterBackend.pattern(messageOffset++)) {
                patternErrors.incrementAndGet();
            }
            if (binary.size() < 1 << 20) {
                binary.write(b);
            }
        }
        if (last) {
            messages.add(messageOffset <= 1 << 20 ? binary.toByteArray() : Long.valueOf(messageOffset));
            binary.reset();
            messageOffset = 0;
        }
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    private void more(WebSocket webSocket) {
        if (autoRequest) {
            webSocket.request(1);
        }
    }

    static List<String> header(HttpResponse<?> response, String name) {
        return response.headers().allValues(name);
    }
}
