package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.FrameReader.OP_BINARY;
import static org.wsgateway.relay.frame.FrameReader.OP_CONTINUATION;
import static org.wsgateway.relay.frame.FrameReader.OP_PING;
import static org.wsgateway.relay.frame.FrameReader.OP_TEXT;
import static org.wsgateway.relay.frame.FrameReader.RSV1;
import static org.wsgateway.relay.frame.TestFrames.MASK;
import static org.wsgateway.relay.frame.TestFrames.bytes;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.deflate;
import static org.wsgateway.relay.frame.TestFrames.feed;
import static org.wsgateway.relay.frame.TestFrames.frame;
import static org.wsgateway.relay.frame.TestFrames.utf8;

import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsgateway.relay.frame.TestFrames.Recorder;
import org.wsgateway.relay.frame.TestFrames.Recorder.Data;

class FrameReaderCompressionTest {

    private static final byte[] MESSAGE = utf8("Zażółć gęślą jaźń. ".repeat(40) + "The quick brown fox. ".repeat(40));

    private final Recorder recorder = new Recorder();
    private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);

    @AfterEach
    void endDeflater() {
        deflater.end();
    }

    @Test
    void inflatesACompressedFrame() throws Exception {
        byte[] compressed = deflate(deflater, MESSAGE);
        assertTrue(compressed.length < MESSAGE.length / 4);

        feed(new FrameReader(false, false, new MessageInflater(false), true), recorder,
                frame(true, RSV1, OP_TEXT, compressed));

        assertArrayEquals(MESSAGE, recorder.payload());
        List<Data> pieces = recorder.data();
        assertTrue(pieces.get(0).first() && pieces.get(0).text());
        assertTrue(pieces.get(pieces.size() - 1).last());
        assertTrue(pieces.stream().allMatch(d -> d.mask() == 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 10, 25})
    void inflatesACompressedFrameSplitAcrossReads(int step) throws Exception {
        byte[] wire = frame(true, RSV1, OP_TEXT, deflate(deflater, MESSAGE));
        int[] cuts = java.util.stream.IntStream.iterate(step, c -> c < wire.length, c -> c + step).toArray();

        feed(new FrameReader(false, false, new MessageInflater(false), true), recorder, wire, cuts);

        assertArrayEquals(MESSAGE, recorder.payload());
        List<Data> pieces = recorder.data();
        assertEquals(1, pieces.stream().filter(Data::first).count());
        assertEquals(1, pieces.stream().filter(Data::last).count());
        assertTrue(pieces.get(pieces.size() - 1).last());
    }

    @Test
    void unmasksCompressedPayloadEvenWhenToldToPassMaskedPayloadOn() throws Exception {
        byte[] wire = frame(true, RSV1, OP_TEXT, deflate(deflater, MESSAGE), MASK);

        feed(new FrameReader(true, true, new MessageInflater(false), true), recorder, wire, 6 + 5, 6 + 50);

        assertTrue(recorder.data().stream().allMatch(d -> d.mask() == 0), "compressed data comes out unmasked");
        assertArrayEquals(MESSAGE, recorder.payload());
    }

    @Test
    void inflatesAFragmentedCompressedMessageWithAPingBetweenFragments() throws Exception {
        byte[] compressed = deflate(deflater, MESSAGE);
        int half = compressed.length / 2;
        byte[] wire = concat(frame(false, RSV1, OP_BINARY, Arrays.copyOfRange(compressed, 0, half), MASK),
                frame(true, 0, OP_PING, bytes(7), MASK),
                frame(true, 0, OP_CONTINUATION, Arrays.copyOfRange(compressed, half, compressed.length), MASK));

        feed(new FrameReader(true, false, new MessageInflater(false), true), recorder, wire);

        assertArrayEquals(MESSAGE, recorder.payload());
        assertEquals(1, recorder.events.size() - recorder.data().size(), "the ping");
    }

    @Test
    void inflatesTwoMessagesInARowWithContextTakeover() throws Exception {
        byte[] message = utf8(java.util.stream.IntStream.range(0, 400).mapToObj(i -> Integer.toString(i * 7919))
                .collect(java.util.stream.Collectors.joining(",")));
        byte[] first = deflate(deflater, message);
        byte[] second = deflate(deflater, message);
        assertTrue(second.length < first.length / 10, "the second message refers back to the first");
        FrameReader reader = new FrameReader(false, false, new MessageInflater(false), true);

        feed(reader, recorder, concat(frame(true, RSV1, OP_TEXT, first), frame(true, RSV1, OP_TEXT, second)));

        List<Data> pieces = recorder.data();
        assertEquals(2, pieces.stream().filter(Data::first).count());
        assertEquals(2, pieces.stream().filter(Data::last).count());
        assertArrayEquals(concat(message, message), recorder.payload());
    }

    @Test
    void inflatesAMessageThatFollowsAnEmptyCompressedOne() throws Exception {
        byte[] wire = concat(frame(true, RSV1, OP_TEXT, deflate(deflater, utf8("before"))),
                frame(true, RSV1, OP_TEXT, new byte[0]),
                frame(true, RSV1, OP_TEXT, deflate(deflater, utf8("after"))));

        feed(new FrameReader(false, false, new MessageInflater(false), true), recorder, wire);

        assertArrayEquals(utf8("beforeafter"), recorder.payload());
        assertEquals(3, recorder.data().stream().filter(Data::last).count());
    }

    @Test
    void inflatesAMessageThatFollowsOneEndingInAFinalBlock() throws Exception {
        // RFC 7692 section 7.2.3.4: "Hello" compressed in a final block, twice, then compressed as usual.
        byte[] finalBlock = bytes(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00);
        byte[] wire = concat(frame(true, RSV1, OP_TEXT, finalBlock), frame(true, RSV1, OP_TEXT, finalBlock),
                frame(true, RSV1, OP_TEXT, deflate(deflater, utf8("Hello"))));

        feed(new FrameReader(false, false, new MessageInflater(false), true), recorder, wire);

        assertArrayEquals(utf8("HelloHelloHello"), recorder.payload());
    }

    @Test
    void readsAnUncompressedMessageAfterACompressedOne() throws Exception {
        byte[] wire = concat(frame(true, RSV1, OP_TEXT, deflate(deflater, utf8("squeezed"))),
                frame(true, 0, OP_TEXT, utf8("plain")));

        feed(new FrameReader(false, false, new MessageInflater(false), true), recorder, wire);

        assertArrayEquals(utf8("squeezedplain"), recorder.payload());
        assertEquals(2, recorder.data().stream().filter(Data::last).count());
    }

    @Test
    void rejectsCompressedDataThatDoesNotInflate() {
        byte[] wire = frame(true, RSV1, OP_BINARY, bytes(0xff, 0xff, 0xff, 0xff));

        ProtocolException e = assertThrows(ProtocolException.class,
                () -> feed(new FrameReader(false, false, new MessageInflater(false), false), recorder, wire));
        assertEquals(1007, e.closeCode());
    }

    @Test
    void rejectsInvalidUtf8InsideACompressedTextMessage() {
        byte[] wire = frame(true, RSV1, OP_TEXT, deflate(deflater, bytes('o', 'k', 0xc0, 0xaf)));

        ProtocolException e = assertThrows(ProtocolException.class,
                () -> feed(new FrameReader(false, false, new MessageInflater(false), true), recorder, wire));
        assertEquals(1007, e.closeCode());
    }
}
