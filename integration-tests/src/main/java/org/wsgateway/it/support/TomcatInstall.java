package org.wsgateway.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Tomcat distribution, installed exactly as the README tells an operator: unpack the tar.gz, copy the
 * valve JAR to {@code lib/}, add the {@code <Valve>} from {@code conf-samples/server-snippet.xml} to the Host in
 * {@code conf/server.xml}, write {@code conf/ws-gateway.xml}, drop the admin WAR into {@code webapps/}. The only
 * thing the installer does that an operator would not is choose free ports.
 */
public final class TomcatInstall {

    private final Path home;
    private Process process;
    private Path console;

    private TomcatInstall(Path home) {
        this.home = home;
    }

    /** Unpacks {@code tomcat-<version>.tar.gz} below {@code target} (replacing an earlier unpack). */
    public static TomcatInstall unpack(Path tarGz, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        String dirName = tarGz.getFileName().toString().replace("tomcat-", "apache-tomcat-").replace(".tar.gz", "");
        Path home = target.toAbsolutePath().resolve(dirName);
        if (Files.exists(home)) {
            delete(home);
        }
        run(target, "tar", "-xzf", tarGz.toAbsolutePath().toString(), "-C", target.toAbsolutePath().toString());
        return new TomcatInstall(home);
    }

    public Path home() {
        return home;
    }

    /** README step 1: the valve JAR goes to {@code $CATALINA_BASE/lib}. */
    public TomcatInstall installValveJar(Path jar) throws IOException {
        Files.copy(jar, home.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return this;
    }

    /** README step 2: the {@code <Valve>} element goes inside {@code <Host name="localhost">}. */
    public TomcatInstall addValve(String valveElement) throws IOException {
        Path serverXml = home.resolve("conf/server.xml");
        String xml = Files.readString(serverXml);
        int end = xml.indexOf("</Host>");
        if (end < 0) {
            throw new IllegalStateException("no </Host> in " + serverXml);
        }
        Files.writeString(serverXml, xml.substring(0, end) + valveElement + "\n      " + xml.substring(end));
        return this;
    }

    /** README step 3: the API definitions. */
    public TomcatInstall writeGatewayConfig(String xml) throws IOException {
        Files.writeString(home.resolve("conf/ws-gateway.xml"), xml, StandardCharsets.UTF_8);
        return this;
    }

    /** README step 4: a WAR in {@code webapps/}. */
    public TomcatInstall deployWar(Path war, String fileName) throws IOException {
        Files.copy(war, home.resolve("webapps").resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        return this;
    }

    /**
     * README step 5a: the realm checks hashed passwords (PBKDF2), so {@code tomcat-users.xml} holds no password in
     * clear. Does nothing if {@code server.xml} already configures the credential handler.
     */
    public TomcatInstall hashPasswords() throws IOException {
        Path serverXml = home.resolve("conf/server.xml");
        String xml = Files.readString(serverXml);
        if (!xml.contains("SecretKeyCredentialHandler")) {
            String realm = "resourceName=\"UserDatabase\"/>";
            if (!xml.contains(realm)) {
                throw new IllegalStateException("no UserDatabaseRealm in " + serverXml);
            }
            xml = xml.replaceFirst(java.util.regex.Pattern.quote(realm), "resourceName=\"UserDatabase\">\n"
                    + "          " + CREDENTIAL_HANDLER + "\n        </Realm>");
            Files.writeString(serverXml, xml);
        }
        return this;
    }

    /** The credential handler of README step 5a. */
    public static final String CREDENTIAL_HANDLER = "<CredentialHandler className="
            + "\"org.apache.catalina.realm.SecretKeyCredentialHandler\" algorithm=\"PBKDF2WithHmacSHA512\" "
            + "iterations=\"210000\" saltLength=\"16\" keyLength=\"256\"/>";

    /**
     * README step 5b: a user of the admin webapp, its password hashed with Tomcat's own {@code bin/digest.sh}.
     *
     * @param password letters and digits (digest.sh splits its arguments on spaces)
     */
    public TomcatInstall addUser(String user, String password, String role) throws IOException, InterruptedException {
        home.resolve("bin/digest.sh").toFile().setExecutable(true);
        ProcessBuilder digestCommand = new ProcessBuilder(home.resolve("bin/digest.sh").toString(), "-a",
                "PBKDF2WithHmacSHA512", "-i", "210000", "-s", "16", "-k", "256", "-h", "org.apache.catalina.realm.SecretKeyCredentialHandler",
                password).redirectErrorStream(true);
        digestCommand.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process digest = digestCommand.start();
        String output = new String(digest.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (digest.waitFor() != 0 || !output.startsWith(password + ":")) {
            throw new IOException("digest.sh failed: " + output);
        }
        String hash = output.substring(output.lastIndexOf(':') + 1);
        Path users = home.resolve("conf/tomcat-users.xml");
        String xml = Files.readString(users);
        String roleElement = "<role rolename=\"" + role + "\"/>";
        String entry = (xml.contains(roleElement) ? "" : "  " + roleElement + "\n") + "  <user username=\"" + user
                + "\" password=\"" + hash + "\" roles=\"" + role + "\"/>\n";
        int end = xml.lastIndexOf("</tomcat-users>");
        Files.writeString(users, xml.substring(0, end) + entry + xml.substring(end));
        return this;
    }

    /** Replaces the whole {@code conf/server.xml} (for the complete sample). */
    public TomcatInstall replaceServerXml(Path serverXml) throws IOException {
        Files.copy(serverXml, home.resolve("conf/server.xml"), StandardCopyOption.REPLACE_EXISTING);
        return this;
    }

    /** Not an operator step: moves the HTTP connector to {@code httpPort}, disables the shutdown port and AJP. */
    public TomcatInstall usePorts(int httpPort) throws IOException {
        Path serverXml = home.resolve("conf/server.xml");
        String xml = Files.readString(serverXml)
                .replace("port=\"8080\"", "port=\"" + httpPort + "\"")
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"");
        Files.writeString(serverXml, xml);
        return this;
    }

    /** Starts {@code bin/catalina.sh run} and waits until the HTTP port accepts connections. */
    public TomcatInstall start(int httpPort, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        console = home.resolve("logs/console.log");
        Files.createDirectories(console.getParent());
        int before = console().length();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", home.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("CATALINA_OPTS");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        home.resolve("bin/catalina.sh").toFile().setExecutable(true);
        process = pb.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited with " + process.exitValue() + ":\n" + console());
            }
            if (console().substring(before).contains("Server startup in") && accepts(httpPort)) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Tomcat did not start within " + timeout + ":\n" + console());
    }

    /** Kills Tomcat as {@code kill -9} does: no shutdown hook, no chance to finish anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stops Tomcat as an operator's SIGTERM does, and waits for the JVM to exit. */
    public int stop(Duration timeout) throws InterruptedException {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** The Tomcat JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** What Tomcat wrote to standard output and error so far. */
    public String console() throws IOException {
        return console != null && Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
