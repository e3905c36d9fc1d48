package org.wsgateway.accesslog;

import java.nio.file.Path;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.apache.juli.FileHandler;

/**
 * The WebSocket access log: one line per session at its end, and one per handshake not upgraded, formatted by an
 * {@link AccessLogPattern} and written through Tomcat's own rotating file handler (JULI's {@code FileHandler}, as
 * {@code catalina.<date>.log} is): a file per day named {@code <prefix><yyyy-MM-dd><suffix>}, UTF-8, old files
 * removed after {@code maxDays}. Each line is written and flushed when its session ends (one write per session, not
 * per message), so nothing is lost when Tomcat stops.
 */
public final class WebSocketAccessLog implements AutoCloseable {

    private final AccessLogPattern pattern;
    private final Handler handler;

    /**
     * @param directory where the files go (made if missing)
     * @param prefix    the start of each file name, e.g. {@code ws-gateway-access.}
     * @param suffix    the end of each file name, e.g. {@code .log}
     * @param maxDays   how many days of files to keep; negative keeps them all
     * @param pattern   the line format
     */
    public WebSocketAccessLog(Path directory, String prefix, String suffix, int maxDays, AccessLogPattern pattern) {
        this.pattern = pattern;
        this.handler = new Handler(directory.toAbsolutePath().toString(), prefix, suffix, maxDays);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + System.lineSeparator();
            }
        });
        handler.setLevel(Level.ALL);
    }

    public AccessLogPattern pattern() {
        return pattern;
    }

    /** Writes the entry's line. */
    public void log(AccessLogEntry entry) {
        handler.publish(new LogRecord(Level.INFO, pattern.format(entry)));
    }

    /** Closes the file. */
    @Override
    public void close() {
        handler.flush();
        handler.close();
    }

    /** JULI's handler, always in UTF-8 (its own default is the platform's). */
    private static final class Handler extends FileHandler {

        Handler(String directory, String prefix, String suffix, int maxDays) {
            // Rotated daily; a negative buffer size flushes every line.
            super(directory, prefix, suffix, maxDays, Boolean.TRUE, -1);
        }

        @Override
        public String getEncoding() {
            return "UTF-8";
        }
    }
}
