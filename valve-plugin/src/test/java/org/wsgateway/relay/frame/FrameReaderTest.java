package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.FrameReader.OP_BINARY;
import static org.wsgateway.relay.frame.FrameReader.OP_CLOSE;
import static org.wsgateway.relay.frame.FrameReader.OP_CONTINUATION;
import static org.wsgateway.relay.frame.FrameReader.OP_PING;
import static org.wsgateway.relay.frame.FrameReader.OP_PONG;
import static org.wsgateway.relay.frame.FrameReader.OP_TEXT;
import static org.wsgateway.relay.frame.TestFrames.MASK;
import static org.wsgateway.relay.frame.TestFrames.bytes;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.feed;
import static org.wsgateway.relay.frame.TestFrames.frame;
import static org.wsgateway.relay.frame.TestFrames.pattern;
import static org.wsgateway.relay.frame.TestFrames.utf8;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsgateway.relay.frame.TestFrames.Recorder;
import org.wsgateway.relay.frame.TestFrames.Recorder.Control;
import org.wsgateway.relay.frame.TestFrames.Recorder.Data;

class FrameReaderTest {

    private final Recorder recorder = new Recorder();

    private static FrameReader client() {
        return new FrameReader(false, false, null, false);
    }

    @Test
    void handsOnASmallUnmaskedFrameAsOnePiece() throws Exception {
        feed(client(), recorder, frame(true, 0, OP_BINARY, bytes(1, 2, 3)));

        assertEquals(List.of(), recorder.events.stream().filter(e -> !(e instanceof Data)).toList());
        Data only = recorder.data().get(0);
        assertEquals(1, recorder.data().size());
        assertEquals(false, only.text());
        assertTrue(only.first() && only.last());
        assertEquals(0, only.mask());
        assertArrayEquals(bytes(1, 2, 3), only.bytes());
    }

    @Test
    void unmasksAMaskedFrame() throws Exception {
        byte[] payload = utf8("Hello, masked world!");

        feed(new FrameReader(true, false, null, true), recorder, frame(true, 0, OP_TEXT, payload, MASK));

        Data only = recorder.data().get(0);
        assertTrue(only.text() && only.first() && only.last());
        assertEquals(0, only.mask());
        assertArrayEquals(payload, only.bytes());
    }

    @Test
    void passesMaskedPayloadOnWithTheMaskOfEachPiece() throws Exception {
        byte[] payload = pattern(10);
        byte[] wire = frame(true, 0, OP_BINARY, payload, MASK);

        // Header (2 + 4 key) and 3 payload bytes, then the rest: the second piece starts at payload offset 3.
        feed(new FrameReader(true, true, null, false), recorder, wire, 9);

        List<Data> pieces = recorder.data();
        assertEquals(2, pieces.size());
        assertEquals(MASK, pieces.get(0).mask());
        assertArrayEquals(TestFrames.xor(java.util.Arrays.copyOfRange(payload, 0, 3), MASK), pieces.get(0).bytes(),
                "still masked");
        assertArrayEquals(java.util.Arrays.copyOfRange(payload, 3, 10),
                TestFrames.xor(pieces.get(1).bytes().clone(), pieces.get(1).mask()));
        assertArrayEquals(payload, recorder.payload());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 11, 17})
    void unmasksAFrameWhoseBytesArriveInSeveralReads(int step) throws Exception {
        byte[] payload = pattern(40);
        byte[] wire = frame(true, 0, OP_BINARY, payload, MASK);
        int[] cuts = java.util.stream.IntStream.iterate(step, c -> c < wire.length, c -> c + step).toArray();

        feed(new FrameReader(true, false, null, false), recorder, wire, cuts);

        List<Data> pieces = recorder.data();
        assertTrue(pieces.size() > 1);
        assertTrue(pieces.get(0).first());
        assertTrue(pieces.stream().skip(1).noneMatch(Data::first));
        assertTrue(pieces.get(pieces.size() - 1).last());
        assertTrue(pieces.stream().limit(pieces.size() - 1).noneMatch(Data::last));
        assertArrayEquals(payload, recorder.payload());
    }

    @ParameterizedTest
    @ValueSource(ints = {125, 126, 300, 65535, 65536, 70000})
    void readsSevenSixteenAndSixtyFourBitLengths(int length) throws Exception {
        byte[] payload = pattern(length);

        feed(new FrameReader(true, false, null, false), recorder, frame(true, 0, OP_BINARY, payload, MASK));

        assertEquals(1, recorder.data().size());
        assertArrayEquals(payload, recorder.payload());
    }

    @Test
    void marksTheFirstAndLastPieceOfAFragmentedMessageAcrossFrames() throws Exception {
        byte[] wire = concat(frame(false, 0, OP_TEXT, utf8("Hel")), frame(false, 0, OP_CONTINUATION, utf8("lo ")),
                frame(true, 0, OP_CONTINUATION, utf8("you")));

        feed(client(), recorder, wire);

        assertEquals(List.of(new Flags(true, true, false), new Flags(true, false, false), new Flags(true, false, true)),
                recorder.data().stream().map(Flags::of).toList());
        assertArrayEquals(utf8("Hello you"), recorder.payload());
    }

    @Test
    void handsOnAPingBetweenFragmentsWithoutEndingTheMessage() throws Exception {
        byte[] wire = concat(frame(false, 0, OP_BINARY, bytes(1), MASK), frame(true, 0, OP_PING, utf8("p?"), MASK),
                frame(true, 0, OP_CONTINUATION, bytes(2), MASK), frame(true, 0, OP_PONG, utf8("p!"), MASK));

        feed(new FrameReader(true, false, null, false), recorder, wire);

        assertEquals(4, recorder.events.size());
        assertEquals(new Flags(false, true, false), Flags.of((Data) recorder.events.get(0)));
        Control ping = (Control) recorder.events.get(1);
        assertEquals("ping", ping.kind());
        assertArrayEquals(utf8("p?"), ping.payload());
        assertEquals(new Flags(false, false, true), Flags.of((Data) recorder.events.get(2)));
        Control pong = (Control) recorder.events.get(3);
        assertEquals("pong", pong.kind());
        assertArrayEquals(utf8("p!"), pong.payload());
    }

    @Test
    void waitsForAControlFrameToArriveWhole() throws Exception {
        byte[] wire = frame(true, 0, OP_PING, utf8("heartbeat"), MASK);

        feed(new FrameReader(true, false, null, false), recorder, wire, 1, 5, 9);

        assertEquals(1, recorder.events.size());
        assertArrayEquals(utf8("heartbeat"), ((Control) recorder.events.get(0)).payload());
    }

    @Test
    void readsACloseCodeAndReason() throws Exception {
        byte[] payload = concat(bytes(0x03, 0xe9), utf8("au revoir, été"));

        feed(new FrameReader(true, false, null, true), recorder, frame(true, 0, OP_CLOSE, payload, MASK));

        assertEquals(List.of(new Control("close", null, 1001, "au revoir, été")), recorder.events);
    }

    @Test
    void reportsACloseWithoutPayloadAsNoStatus() throws Exception {
        feed(client(), recorder, frame(true, 0, OP_CLOSE, new byte[0]));

        assertEquals(List.of(new Control("close", null, CloseCodes.NO_STATUS, "")), recorder.events);
    }

    @Test
    void handsOnAnEmptyMessageAsOneEmptyPiece() throws Exception {
        feed(client(), recorder, frame(true, 0, OP_TEXT, new byte[0]));

        assertEquals(1, recorder.data().size());
        assertEquals(new Flags(true, true, true), Flags.of(recorder.data().get(0)));
        assertEquals(0, recorder.data().get(0).bytes().length);
    }

    @Test
    void acceptsValidMultiByteTextSplitBetweenReads() throws Exception {
        byte[] payload = utf8("a€b");
        byte[] wire = frame(true, 0, OP_TEXT, payload);

        // The euro sign (E2 82 AC) is cut after its first byte.
        feed(new FrameReader(false, false, null, true), recorder, wire, 2 + 2);

        assertEquals(2, recorder.data().size());
        assertArrayEquals(payload, recorder.payload());
    }

    @Test
    void acceptsValidMaskedMultiByteTextPassedOnMasked() throws Exception {
        byte[] payload = utf8("żółć 𝄞 ok");
        byte[] wire = frame(true, 0, OP_TEXT, payload, MASK);

        feed(new FrameReader(true, true, null, true), recorder, wire, 6 + 1, 6 + 11);

        assertArrayEquals(payload, recorder.payload());
    }

    /** A compact view of a piece's flags. */
    record Flags(boolean text, boolean first, boolean last) {
        static Flags of(Data d) {
            return new Flags(d.text(), d.first(), d.last());
        }
    }
}
