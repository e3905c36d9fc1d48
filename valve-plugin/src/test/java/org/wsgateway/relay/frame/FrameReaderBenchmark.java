package org.wsgateway.relay.frame;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-frame cost of reading a client's masked frame: parsing, unmasking (or passing the masked bytes on) and
 * UTF-8 checking, for 128 B and 16 KiB messages. Run with {@code mvn -pl valve-plugin -Pjmh verify}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameReaderBenchmark {

    @Param({"128", "16384"})
    public int size;

    private ByteBuf binaryFrame;
    private ByteBuf textFrame;
    private final FrameReader unmasking = new FrameReader(true, false, null, true);
    private final FrameReader passing = new FrameReader(true, true, null, true);

    @Setup
    public void setUp() {
        binaryFrame = maskedFrame(FrameReader.OP_BINARY, (byte) 0x5a);
        textFrame = maskedFrame(FrameReader.OP_TEXT, (byte) 'a');
    }

    private ByteBuf maskedFrame(int opcode, byte fill) {
        int mask = ThreadLocalRandom.current().nextInt();
        ByteBuf frame = Unpooled.directBuffer(size + 14).writeByte(0x80 | opcode);
        if (size < 126) {
            frame.writeByte(0x80 | size);
        } else {
            frame.writeByte(0x80 | 126).writeShort(size);
        }
        frame.writeInt(mask);
        for (int i = 0; i < size; i++) {
            frame.writeByte(fill ^ (mask >>> (24 - 8 * (i & 3))));
        }
        return frame;
    }

    @Benchmark
    public void binaryUnmasked(Blackhole bh) throws ProtocolException {
        read(unmasking, binaryFrame, bh);
    }

    @Benchmark
    public void binaryPassedMasked(Blackhole bh) throws ProtocolException {
        read(passing, binaryFrame, bh);
    }

    @Benchmark
    public void textPassedMaskedAndChecked(Blackhole bh) throws ProtocolException {
        read(passing, textFrame, bh);
    }

    private static void read(FrameReader reader, ByteBuf frame, Blackhole bh) throws ProtocolException {
        ByteBuf in = frame.copy();
        reader.read(in, ByteBufAllocator.DEFAULT, new FrameReader.Handler() {
            @Override
            public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
                bh.consume(piece.getByte(piece.readerIndex()));
                piece.release();
            }

            @Override
            public void onPing(ByteBuf payload) {
                payload.release();
            }

            @Override
            public void onPong(ByteBuf payload) {
                payload.release();
            }

            @Override
            public void onClose(int code, String reason) {
            }
        });
        in.release();
    }
}
