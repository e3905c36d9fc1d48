package org.wsgateway.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class AccessLogPatternTest {

    private static final long END = ZonedDateTime.of(2026, 11, 22, 10, 5, 0, 0, ZoneId.systemDefault())
            .toInstant().toEpochMilli();

    private static AccessLogEntry.Opening opening(String query, Map<String, String> headers, Set<String> secrets) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return new AccessLogEntry.Opening("127.0.0.1", "/echo/1.0", query, "EchoWebSocket", "1.0", "Ticker", "dev",
                "chat.v1", byName::get, secrets);
    }

    private static AccessLogEntry session(AccessLogEntry.Opening opening, String reason) {
        return new AccessLogEntry(opening, END, 101, 5012, 3, 30, 4, 40, "client", 1000, reason, null);
    }

    @Test
    void writesASessionWithTheDefaultPattern() {
        String line = AccessLogPattern.compile(null).format(session(opening("apikey=***&room=7", Map.of(), Set.of()),
                "bye"));
        String time = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
                .format(ZonedDateTime.of(2026, 11, 22, 10, 5, 0, 0, ZoneId.systemDefault()));
        assertEquals("127.0.0.1 [" + time + "] \"/echo/1.0?apikey=***&room=7\" 101 EchoWebSocket 1.0 Ticker chat.v1 "
                + "5012 3 30 4 40 client 1000 \"bye\"", line);
    }

    @Test
    void writesARefusalWithDashesForWhatItLacksAndNoQuestionMarkWithoutAQuery() {
        AccessLogEntry.Opening o = new AccessLogEntry.Opening("::1", "/echo/1.0", null, "EchoWebSocket", "1.0", null,
                null, null, n -> null, Set.of());
        String line = AccessLogPattern.compile("%a \"%U%q\" %s %{application}w %{closeCode}w %{policy}w "
                + "\"%{reason}w\"").format(AccessLogEntry.refused(o, END, 401, 1, "an API key is required",
                "key-auth"));
        assertEquals("::1 \"/echo/1.0\" 401 - - key-auth \"an API key is required\"", line);
    }

    @Test
    void escapesQuotesBackslashesAndLineBreaksSoASessionStaysOneLine() {
        String line = AccessLogPattern.compile("%{reason}w").format(session(opening(null, Map.of(), Set.of()),
                "say \"hi\"\\\nnext\u0001"));
        assertEquals("say \\\"hi\\\"\\\\\\nnext\\u0001", line);
        assertTrue(line.indexOf('\n') < 0);
    }

    @Test
    void redactsCredentialHeadersAndKeepsOthers() {
        AccessLogEntry e = session(opening(null, Map.of("Authorization", "Bearer eyJ.secret", "apikey", "wsg_secret",
                "User-Agent", "curl/8"), Set.of("APIKEY")), null);
        assertEquals("*** *** curl/8 -", AccessLogPattern.compile("%{authorization}i %{ApiKey}i %{User-Agent}i "
                + "%{Cookie}i").format(e));
    }

    @Test
    void knowsPercentSignsDurationsInSecondsAndEveryWebSocketField() {
        AccessLogEntry e = session(opening(null, Map.of(), Set.of()), "bye");
        assertEquals("100% 5.012 dev EchoWebSocket/1.0 3/30 4/40", AccessLogPattern.compile(
                "100%% %T %{subscriber}w %{api}w/%{version}w %{messagesIn}w/%{bytesIn}w %{messagesOut}w/%{bytesOut}w")
                .format(e));
    }

    @Test
    void refusesUnknownFieldsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AccessLogPattern.compile("%a %{apiname}w"));
        assertTrue(e.getMessage().contains("%{apiname}w") && e.getMessage().contains("version"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessLogPattern.compile("%a %Z"))
                .getMessage().contains("%Z"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessLogPattern.compile("50%"))
                .getMessage().contains("%%"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessLogPattern.compile("%{api"))
                .getMessage().contains("}"));
    }

    @Test
    void defaultIsAnAliasOfTheDefaultPattern() {
        assertEquals(AccessLogPattern.DEFAULT, AccessLogPattern.compile("default").toString());
    }
}
