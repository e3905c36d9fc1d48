package org.wsgateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What another JVM on this machine holds (Linux): its TCP sockets, from {@code /proc/<pid>/fd} joined with
 * {@code /proc/<pid>/net/tcp} and {@code tcp6}, and its used heap after a full GC, through the JDK's {@code jcmd}.
 */
final class ProcessProbe {

    /** Heap lines of {@code GC.heap_info} (G1, Serial, Parallel): {@code <space> total 1234K, used 567K}. */
    private static final Pattern HEAP_SPACE = Pattern.compile("^\\s*\\S.*?\\s+total \\d+K, used (\\d+)K",
            Pattern.MULTILINE);
    private static final String LISTEN = "0A";

    /**
     * TCP sockets of one process.
     *
     * @param clientLeg  connected sockets on the HTTP port (clients of the gateway)
     * @param backendLeg sockets to the backend's port
     * @param all        every socket file descriptor of the process (TCP or not, listening or not)
     */
    record Sockets(int clientLeg, int backendLeg, int all) {
        /** Whether both legs hold as many sockets as in {@code other} (the rest may differ: jcmd's own, say). */
        boolean sameLegs(Sockets other) {
            return clientLeg == other.clientLeg && backendLeg == other.backendLeg;
        }

        @Override
        public String toString() {
            return clientLeg + " client-leg + " + backendLeg + " backend-leg (" + all + " socket fds in all)";
        }
    }

    private final long pid;

    ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** The process's TCP sockets, by leg: local port {@code httpPort}, remote port {@code backendPort}. */
    Sockets sockets(int httpPort, int backendPort) throws IOException {
        Set<String> inodes = socketInodes();
        int client = 0;
        int backend = 0;
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!inodes.contains(f[9])) {
                    continue;
                }
                if (port(f[1]) == httpPort && !f[3].equals(LISTEN)) {
                    client++;
                } else if (port(f[2]) == backendPort) {
                    backend++;
                }
            }
        }
        return new Sockets(client, backend, inodes.size());
    }

    private Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while we looked
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }

    /** Runs a full GC in the process ({@code jcmd GC.run}) and returns the heap then in use, in bytes. */
    long usedHeapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_SPACE.matcher(info);
        long usedKib = 0;
        boolean found = false;
        while (m.find()) {
            usedKib += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figures in jcmd GC.heap_info:\n" + info);
        }
        return usedKib * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
