package org.wsgateway.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Who changed what in the catalog, and when: one JSON line per change, appended to a file (by default
 * {@code $CATALINA_BASE/logs/ws-gateway-audit.log}), the latest {@value #KEPT} also kept for the REST API. Entries
 * never hold secrets: they name the resource and the action, not the values.
 */
public final class AuditLog {

    static final int KEPT = 1000;
    private static final Log log = LogFactory.getLog(AuditLog.class);

    /** One change. */
    public record Entry(Instant time, String user, String action, String target, String detail) {
    }

    private final Path file;
    private final Clock clock;
    private final Deque<Entry> latest = new ArrayDeque<>();

    /** @param file the log file, or {@code null} to keep entries in memory only */
    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Records a change. A file that cannot be written is logged, never fatal to the change. */
    public synchronized void record(String user, String action, String target, String detail) {
        Entry entry = new Entry(clock.instant(), user, action, target, detail);
        latest.addFirst(entry);
        if (latest.size() > KEPT) {
            latest.removeLast();
        }
        if (file != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, json(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                log.error("ws-gateway cannot write its audit log " + file + ": " + e.getMessage());
            }
        }
    }

    /** The latest entries, newest first. */
    public synchronized List<Entry> latest() {
        return new ArrayList<>(latest);
    }

    static String json(Entry e) {
        return "{\"time\":\"" + e.time() + "\",\"user\":" + quote(e.user()) + ",\"action\":" + quote(e.action())
                + ",\"target\":" + quote(e.target()) + ",\"detail\":" + quote(e.detail()) + "}";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
