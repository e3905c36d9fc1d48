package org.wsgateway.relay;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;

/**
 * Non-blocking sends of message parts on a Tomcat WebSocket session. The Jakarta API sends partial messages only
 * through the blocking {@code RemoteEndpoint.Basic}, and a relay must never block an I/O thread; Tomcat's own
 * asynchronous send path ({@code WsRemoteEndpointImplBase.startMessage}) does take parts, so it is used directly.
 * Checked once at valve start with {@link #check()}, so an unsupported Tomcat fails fast with a clear message.
 */
final class TomcatFrames {

    private static final MethodHandle START_MESSAGE;
    private static final MethodHandle REMOTE;
    private static final String PROBLEM;

    static {
        MethodHandle start = null;
        MethodHandle remote = null;
        String problem = null;
        try {
            Method m = WsRemoteEndpointImplBase.class.getDeclaredMethod("startMessage", byte.class, ByteBuffer.class,
                    boolean.class, SendHandler.class);
            m.setAccessible(true);
            start = MethodHandles.lookup().unreflect(m);
            Field f = WsSession.class.getDeclaredField("wsRemoteEndpoint");
            f.setAccessible(true);
            remote = MethodHandles.lookup().unreflectGetter(f);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "this Tomcat's WebSocket implementation lacks WsRemoteEndpointImplBase.startMessage or "
                    + "WsSession.wsRemoteEndpoint (supported: Tomcat 10.1 and 11): " + e;
        }
        START_MESSAGE = start;
        REMOTE = remote;
        PROBLEM = problem;
    }

    private TomcatFrames() {
    }

    /** @throws IllegalStateException if this Tomcat cannot be driven this way */
    static void check() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
    }

    /** The session's remote endpoint, on which parts are sent. */
    static WsRemoteEndpointImplBase remote(Session session) {
        try {
            return (WsRemoteEndpointImplBase) REMOTE.invoke((WsSession) session);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot reach the session's remote endpoint", t);
        }
    }

    /**
     * Starts sending one part of a message, or a control frame. For data, pass the message's own opcode (text or
     * binary) for every part; Tomcat writes continuation frames after the first. {@code handler} is called once the
     * part is written, usually on another thread.
     */
    static void send(WsRemoteEndpointImplBase remote, byte opcode, ByteBuffer payload, boolean last,
            SendHandler handler) {
        try {
            START_MESSAGE.invoke(remote, opcode, payload, last, handler);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
