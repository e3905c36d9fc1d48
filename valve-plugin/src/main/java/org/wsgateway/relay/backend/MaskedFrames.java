package org.wsgateway.relay.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.wsgateway.relay.frame.FrameWriter;

/**
 * Headers for client frames whose payload is already masked: a piece of a client's message is forwarded to the
 * backend with the key it was masked with (rotated to the piece's start by the reader), so its bytes cross the
 * gateway untouched. The key is the client's own random choice (RFC 6455 section 5.3).
 */
final class MaskedFrames {

    private MaskedFrames() {
    }

    /** The header of a frame carrying {@code length} masked bytes, in a buffer of its own. */
    static ByteBuf header(ByteBufAllocator alloc, boolean text, boolean first, boolean last, int length, int mask) {
        return header(alloc.buffer(14), text, first, last, length, mask);
    }

    /** Writes the header of a frame carrying {@code length} masked bytes into {@code header}. */
    static ByteBuf header(ByteBuf header, boolean text, boolean first, boolean last, int length, int mask) {
        int opcode = FrameWriter.dataOpcode(text, first);
        int head = (last ? 0x80 : 0) | opcode;
        if (length < 126) {
            header.writeShort(head << 8 | 0x80 | length);
        } else if (length < 65536) {
            header.writeByte(head).writeByte(0x80 | 126).writeShort(length);
        } else {
            header.writeByte(head).writeByte(0x80 | 127).writeLong(length);
        }
        return header.writeInt(mask);
    }
}
