package org.wsgateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

    @Test
    void parsesDurationsInEveryUnit() {
        assertEquals(Duration.ofMillis(500), ConfigValues.duration("500ms"));
        assertEquals(Duration.ofSeconds(5), ConfigValues.duration("5s"));
        assertEquals(Duration.ofMinutes(2), ConfigValues.duration("2m"));
        assertEquals(Duration.ofHours(1), ConfigValues.duration("1h"));
        assertEquals(Duration.ofDays(3), ConfigValues.duration("3d"));
        assertEquals(Duration.ZERO, ConfigValues.duration("0"));
        assertEquals(Duration.ZERO, ConfigValues.duration("0s"));
    }

    @Test
    void toleratesCaseAndSpacesInDurations() {
        assertEquals(Duration.ofSeconds(5), ConfigValues.duration(" 5S "));
        assertEquals(Duration.ofMillis(250), ConfigValues.duration("250 MS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "soon", "1.5s", "-1s", "5sec", "s", "5 s s", "10y"})
    void rejectsBadDurationsShowingAnAcceptedForm(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigValues.duration(text));

        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("5s"), e.getMessage());
    }

    @Test
    void parsesSizesPlainAndWithBinaryUnits() {
        assertEquals(65536, ConfigValues.size("65536"));
        assertEquals(0, ConfigValues.size("0"));
        assertEquals(100, ConfigValues.size("100b"));
        assertEquals(64 * 1024, ConfigValues.size("64KiB"));
        assertEquals(16L * 1024 * 1024, ConfigValues.size("16MiB"));
        assertEquals(1L << 30, ConfigValues.size("1GiB"));
        assertEquals(3L << 30, ConfigValues.size("3gib"));
        assertEquals(64 * 1024, ConfigValues.size(" 64 kib "));
        assertEquals(2L << 20, ConfigValues.size("2MIB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "big", "64KB", "1.5MiB", "-1", "64 KiB B", "1TiB", "9999999999999999"})
    void rejectsBadSizesShowingAnAcceptedForm(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigValues.size(text));

        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("64KiB"), e.getMessage());
    }

    @Test
    void parsesBooleansOnly() {
        assertTrue(ConfigValues.bool("true"));
        assertTrue(ConfigValues.bool(" TRUE "));
        assertFalse(ConfigValues.bool("false"));
        assertFalse(ConfigValues.bool("False"));
        for (String bad : new String[] {"yes", "1", "", "on"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigValues.bool(bad));
            assertTrue(e.getMessage().contains("true or false"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999d", "9999999999999999h", "999999999999999999m"})
    void rejectsADurationTooLargeToRepresent(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigValues.duration(text));

        assertTrue(e.getMessage().contains("5s"), e.getMessage());
    }

    @Test
    void rejectsADurationWithTooManyDigitsShowingAnAcceptedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigValues.duration("99999999999999999999s"));

        assertTrue(e.getMessage().contains("5s"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999GiB", "99999999999GiB", "8589934592GiB"})
    void rejectsASizeTooLargeToRepresent(String text) {
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.size(text),
                () -> "parsed as " + ConfigValues.size(text));
    }

    @Test
    void capsAPlansByteRateAtWhatATokenBucketCanEnforce() {
        assertEquals(1_000_000_000L, ConfigValues.bytesPerSecond("1000000000"));
        assertEquals(0, ConfigValues.bytesPerSecond("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigValues.bytesPerSecond("1GiB"));
        assertTrue(e.getMessage().contains("1000000000"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001", "a\u0008b", "\u000B", "\u001F", "\uFFFE", "\uFFFF", "\uD800", "x\uDFFFy",
        "\uDC00\uD800"})
    void refusesTextTheCatalogFileCannotHold(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigValues.storable(text));
        assertTrue(e.getMessage().contains("XML 1.0"), e.getMessage());
        assertTrue(ConfigValues.firstUnstorable(text) >= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "tab\tline\nreturn\r", "\u00E9\u4E2D\uFFFD", "\uD83D\uDE00", "\uE000"})
    void storesEveryOtherText(String text) {
        assertEquals(text, ConfigValues.storable(text));
        assertEquals(-1, ConfigValues.firstUnstorable(text));
    }

    @Test
    void namesTheCharacterAndItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigValues.storable("ab\u0001"));
        assertTrue(e.getMessage().contains("U+0001 at position 3"), e.getMessage());
    }

    @Test
    void refusesVariablesInValuesThatCameOverRest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigValues.literal("${env:HOME}"));
        assertTrue(e.getMessage().contains("catalog file only"), e.getMessage());
        assertEquals("pa$$word", ConfigValues.literal("pa$$word"));
        assertThrows(IllegalArgumentException.class,
                () -> FieldContext.restApi(java.nio.file.Path.of("/")).expand("ws://${sys:user.home}/"));
    }
}

