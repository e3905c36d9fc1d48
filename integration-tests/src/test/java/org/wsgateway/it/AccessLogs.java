package org.wsgateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads what Tomcat's AccessLogValve wrote (its default file names, {@code localhost_access_log.*}). */
final class AccessLogs {

    private AccessLogs() {
    }

    /** Every access log line in {@code logs}, or {@code ""} if there is none yet. */
    static String read(Path logs) {
        try (Stream<Path> files = Files.list(logs)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("localhost_access_log")).toList()) {
                all.append(Files.readString(f));
            }
            return all.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
