package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseCodesTest {

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999})
    void allowsSendingRegisteredAndApplicationCodes(int code) {
        assertTrue(CloseCodes.maySend(code));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535, -1})
    void forbidsSendingReservedAndLocalOnlyCodes(int code) {
        assertFalse(CloseCodes.maySend(code));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999})
    void passesLegalCodesOnUnchangedBothWays(int code) {
        assertEquals(code, CloseCodes.towardsBackend(code));
        assertEquals(code, CloseCodes.towardsClient(code));
    }

    @Test
    void passesACloseWithoutCodeOnAsACloseWithoutCode() {
        assertEquals(1005, CloseCodes.towardsBackend(1005));
        assertEquals(1005, CloseCodes.towardsClient(1005));
    }

    @Test
    void mapsALostConnectionOrFailedTlsToGoingAwayOrBadGateway() {
        assertEquals(1001, CloseCodes.towardsBackend(1006));
        assertEquals(1001, CloseCodes.towardsBackend(1015));
        assertEquals(1014, CloseCodes.towardsClient(1006));
        assertEquals(1014, CloseCodes.towardsClient(1015));
    }

    @Test
    void keepsAShortReason() {
        assertEquals("", CloseCodes.fitReason(null));
        assertEquals("bye", CloseCodes.fitReason("bye"));
        String exact = "x".repeat(123);
        assertEquals(exact, CloseCodes.fitReason(exact));
    }

    @Test
    void cutsAsciiTo123Bytes() {
        assertEquals("x".repeat(123), CloseCodes.fitReason("x".repeat(200)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"é", "€", "😀", "a€", "ab😀", "abc😀"})
    void cutsMultiByteTextWithoutSplittingACharacter(String unit) {
        String reason = unit.repeat(100);

        String fitted = CloseCodes.fitReason(reason);

        int length = fitted.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(length <= 123, length + " bytes");
        assertTrue(length > 123 - unit.getBytes(StandardCharsets.UTF_8).length, "keeps as much as fits: " + length);
        assertTrue(reason.startsWith(fitted));
        assertFalse(Character.isHighSurrogate(fitted.charAt(fitted.length() - 1)), "no half surrogate pair");
    }

    @Test
    void cutsBeforeAnEmojiThatWouldCrossTheLimit() {
        String reason = "x".repeat(121) + "😀";

        assertEquals("x".repeat(121), CloseCodes.fitReason(reason));
        assertEquals("x".repeat(119) + "😀", CloseCodes.fitReason("x".repeat(119) + "😀" + "y"));
    }
}
