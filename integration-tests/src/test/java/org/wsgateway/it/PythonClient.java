package org.wsgateway.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/ws_client.py} with Debian's {@code python3-websockets}: a client that shares no code
 * with the gateway or with Java. {@code .ci/run} installs the package; without it these tests fail and say so.
 */
final class PythonClient {

    private static final String PYTHON = System.getProperty("python", "/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/ws_client.py").toAbsolutePath();

    private PythonClient() {
    }

    /** Runs a scenario and returns its one line of output; fails on a non-zero exit. */
    static String run(String scenario, String url, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), scenario, url));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot run " + PYTHON + " (install python3 and python3-websockets)", e);
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python client timed out: " + command);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (output.contains("No module named 'websockets'")) {
            throw new AssertionError("python3-websockets is missing: apt-get install python3-websockets");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("python client failed (" + p.exitValue() + "): " + output);
        }
        return output;
    }

    static boolean scriptExists() {
        return Files.exists(SCRIPT);
    }
}
