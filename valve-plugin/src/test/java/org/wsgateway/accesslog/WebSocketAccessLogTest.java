package org.wsgateway.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketAccessLogTest {

    @TempDir
    Path dir;

    @Test
    void writesEachLineAtOnceToTodaysFileInUtf8() throws Exception {
        Path logs = dir.resolve("logs");
        AccessLogEntry.Opening o = new AccessLogEntry.Opening("127.0.0.1", "/chat/1", null, "Çhat ☃", "1", null,
                null, null, n -> null, Set.of());
        try (WebSocketAccessLog log = new WebSocketAccessLog(logs, "ws-gateway-access.", ".log", -1,
                AccessLogPattern.compile("%s %{api}w"))) {
            log.log(AccessLogEntry.refused(o, System.currentTimeMillis(), 404, 0, "retired", null));
            Path file = logs.resolve("ws-gateway-access." + LocalDate.now() + ".log");
            // Written and flushed before log() returns: nothing waits for a buffer or a background thread.
            assertEquals(List.of("404 Çhat ☃"), Files.readAllLines(file, StandardCharsets.UTF_8));
            log.log(AccessLogEntry.refused(o, System.currentTimeMillis(), 503, 0, "blocked", null));
            assertEquals(List.of("404 Çhat ☃", "503 Çhat ☃"), Files.readAllLines(file, StandardCharsets.UTF_8));
        }
    }
}
