package org.wsgateway.relay;

import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

/**
 * The client's leg as Tomcat sees it: one instance per connection, handing every event to its {@link RelaySession}.
 * Messages are taken as parts ({@link MessageHandler.Partial}) so none is ever buffered whole.
 */
public final class ClientEndpoint extends Endpoint {

    private final RelaySession relay;

    public ClientEndpoint(RelaySession relay) {
        this.relay = relay;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) relay::onClientText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) relay::onClientBinary);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> relay.onClientPong());
        relay.onClientOpen(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        relay.onClientClose(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable thr) {
        relay.onClientError(thr);
    }
}
