package org.wsgateway.relay.frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

/** Builds WebSocket frames byte by byte and records what a {@link FrameReader} hands on. */
final class TestFrames {

    static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);
    static final int MASK = 0x37fa213d;

    private TestFrames() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    static byte[] pattern(int length) {
        byte[] result = new byte[length];
        for (int i = 0; i < length; i++) {
            result[i] = (byte) (i * 31 + 7);
        }
        return result;
    }

    /** An unmasked frame. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return frame(fin, rsv, opcode, payload, null);
    }

    /** A frame, masked with {@code mask} unless it is null. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, Integer mask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = mask == null ? 0 : 0x80;
        if (payload.length < 126) {
            out.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] body = payload.clone();
        if (mask != null) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(mask >>> shift);
            }
            xor(body, mask);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** XORs {@code data} in place with {@code mask} repeated from its first byte (big-endian). */
    static byte[] xor(byte[] data, int mask) {
        for (int i = 0; i < data.length; i++) {
            data[i] ^= (byte) (mask >>> (24 - 8 * (i % 4)));
        }
        return data;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Compresses a message as RFC 7692 sends it: raw deflate, sync flush, without the trailing 00 00 ff ff. */
    static byte[] deflate(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        byte[] buffer = new byte[message.length + 1024];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        byte[] result = Arrays.copyOf(buffer, n);
        if (!Arrays.equals(result, n - 4, n, bytes(0, 0, 0xff, 0xff), 0, 4)) {
            throw new AssertionError("a sync flush ends with 00 00 ff ff");
        }
        return Arrays.copyOf(result, n - 4);
    }

    /**
     * Feeds one piece (taking ownership) to the inflater and adds every chunk it gives to {@code out}, as a reader
     * that is never told to stop would; true if the last chunk ended the message.
     */
    static boolean inflateAll(MessageInflater inflater, ByteBuf piece, boolean last, List<ByteBuf> out)
            throws java.util.zip.DataFormatException {
        inflater.feed(piece, last);
        for (ByteBuf chunk = inflater.inflate(ALLOC); chunk != null; chunk = inflater.inflate(ALLOC)) {
            out.add(chunk);
            if (inflater.endedMessage()) {
                return true;
            }
        }
        return false;
    }

    static byte[] readAll(ByteBuf buf) {
        byte[] result = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), result);
        return result;
    }

    /** What a reader handed on, in order; buffers are copied and released as the reader hands them over. */
    static class Recorder implements FrameReader.Handler {

        record Data(boolean text, boolean first, boolean last, byte[] bytes, int mask) {
        }

        record Control(String kind, byte[] payload, int code, String reason) {
        }

        final List<Object> events = new ArrayList<>();

        @Override
        public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
            events.add(new Data(text, first, last, readAll(piece), mask));
            piece.release();
        }

        @Override
        public void onPing(ByteBuf payload) {
            events.add(new Control("ping", readAll(payload), 0, null));
            payload.release();
        }

        @Override
        public void onPong(ByteBuf payload) {
            events.add(new Control("pong", readAll(payload), 0, null));
            payload.release();
        }

        @Override
        public void onClose(int code, String reason) {
            events.add(new Control("close", null, code, reason));
        }

        List<Data> data() {
            return events.stream().filter(Data.class::isInstance).map(Data.class::cast).toList();
        }

        /** The data pieces' bytes, unmasked with their mask keys, concatenated. */
        byte[] payload() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            data().forEach(d -> out.writeBytes(xor(d.bytes().clone(), d.mask())));
            return out.toByteArray();
        }
    }

    /** Feeds {@code input} to the reader in pieces cut at {@code cuts}, through one accumulating buffer. */
    static void feed(FrameReader reader, Recorder recorder, byte[] input, int... cuts) throws ProtocolException {
        ByteBuf in = Unpooled.buffer();
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : input.length;
                in.writeBytes(input, from, to - from);
                reader.read(in, ALLOC, recorder);
                from = to;
            }
        } finally {
            in.release();
        }
    }
}
