package org.wsgateway.relay.client;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.buf.ByteBufferUtils;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * The two application buffers Tomcat keeps with a socket this leg took over ({@code socket.appReadBufSize} and
 * {@code socket.appWriteBufSize}, 8 KiB each by default). Tomcat holds them for as long as it counts the connection,
 * though it no longer reads or writes it: 9,000 idle relayed connections held 147 MB of them (a heap histogram of a
 * stock Tomcat 11), more than half of the gateway's memory per connection. So they are swapped for empty ones while
 * the leg lives, and new ones of the same sizes are put back before Tomcat closes its side and pools the channel
 * for another connection.
 *
 * <p>{@link SocketBufferHandler} has no way to shrink its buffers, so its two fields are set by reflection (Tomcat's
 * classes are on the class path, not in a named module). On a Tomcat whose handler has no such fields the buffers
 * are left where they are, and the leg works as before.
 */
final class TomcatBuffers {

    private static final Log log = LogFactory.getLog(TomcatBuffers.class);
    private static final Field READ = field("readBuffer");
    private static final Field WRITE = READ == null ? null : field("writeBuffer");

    private final SocketBufferHandler handler;
    private final int readCapacity;
    private final int writeCapacity;
    private final boolean direct;
    private boolean restored;

    private TomcatBuffers(SocketBufferHandler handler, ByteBuffer read, ByteBuffer write) {
        this.handler = handler;
        this.readCapacity = read.capacity();
        this.writeCapacity = write.capacity();
        this.direct = read.isDirect();
    }

    /**
     * Gives up {@code handler}'s buffers (whatever they held must have been taken already) and returns what puts
     * them back, or {@code null} when nothing was given up.
     */
    static TomcatBuffers release(SocketBufferHandler handler) {
        if (WRITE == null || handler == null) {
            return null;
        }
        ByteBuffer read = handler.getReadBuffer();
        ByteBuffer write = handler.getWriteBuffer();
        if (read.capacity() == 0 && write.capacity() == 0) {
            return null;
        }
        TomcatBuffers buffers = new TomcatBuffers(handler, read, write);
        if (!buffers.set(ByteBuffer.allocate(0), ByteBuffer.allocate(0))) {
            buffers.set(read, write); // (one field may have been set before the other failed)
            return null;
        }
        if (buffers.direct) {
            ByteBufferUtils.cleanDirectBuffer(read);
            ByteBufferUtils.cleanDirectBuffer(write);
        }
        return buffers;
    }

    /**
     * Puts buffers of the sizes given up back, empty, before Tomcat closes the socket (and may pool its channel);
     * once, from whichever thread comes first.
     */
    synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        set(allocate(readCapacity), allocate(writeCapacity));
        handler.reset();
    }

    private ByteBuffer allocate(int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private boolean set(ByteBuffer read, ByteBuffer write) {
        try {
            READ.set(handler, read);
            WRITE.set(handler, write);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            log.debug("Could not swap Tomcat's socket buffers", e);
            return false;
        }
    }

    private static Field field(String name) {
        try {
            Field field = SocketBufferHandler.class.getDeclaredField(name);
            if (field.getType() != ByteBuffer.class) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Tomcat's socket buffers stay with taken-over sockets: " + e);
            return null;
        }
    }
}
