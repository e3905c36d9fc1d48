package org.wsgateway.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.wsgateway.relay.frame.FrameReader;

/**
 * A text message held until complete so a policy can validate it whole (the only messages the gateway buffers;
 * the policy caps their size). One per direction, touched by that direction's thread only.
 */
final class HeldText {

    private CompositeByteBuf held;

    /** Adds a piece; the whole message once {@code last}, otherwise {@code null}. */
    ByteBuf add(ByteBufAllocator alloc, ByteBuf piece, boolean last) {
        if (held == null) {
            held = alloc.compositeBuffer(Integer.MAX_VALUE);
        }
        held.addComponent(true, FrameReader.unpinned(piece));
        if (!last) {
            return null;
        }
        ByteBuf whole = held;
        held = null;
        return whole;
    }

    /** Drops a message still being held (the connection ended). */
    void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
