package org.wsgateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads access logs: Tomcat's AccessLogValve's ({@code localhost_access_log.*}) or the gateway's own. */
final class AccessLogs {

    private AccessLogs() {
    }

    /** Every line of Tomcat's access log in {@code logs}, or {@code ""} if there is none yet. */
    static String read(Path logs) {
        return read(logs, "localhost_access_log");
    }

    /** Every line of the files in {@code logs} whose names start with {@code prefix}, or {@code ""}. */
    static String read(Path logs, String prefix) {
        try (Stream<Path> files = Files.list(logs)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                all.append(Files.readString(f));
            }
            return all.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
