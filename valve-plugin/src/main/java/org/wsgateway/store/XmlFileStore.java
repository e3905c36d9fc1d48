package org.wsgateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.wsgateway.api.Catalog;
import org.wsgateway.api.PolicyCheck;
import org.wsgateway.config.ConfigException;
import org.wsgateway.config.GatewayConfigLoader;

/**
 * The embedded store: the catalog as one XML file under {@code $CATALINA_BASE/conf} (by default
 * {@code conf/ws-gateway.xml}), readable and editable by hand. A save writes a temporary file next to it, forces it
 * to disk, keeps the current file as {@code <name>.bak.1} (the one before as {@code .bak.2}, and so on: the last
 * {@value #GENERATIONS} versions are kept, the oldest dropped), then renames the temporary file over the current one
 * and forces the directory: a crash (even {@code kill -9} or a power cut) leaves either the old or the new file,
 * whole.
 */
public final class XmlFileStore implements CatalogStore {

    /** How many earlier versions a save keeps: {@code <name>.bak.1} (the newest) to {@code <name>.bak.5}. */
    public static final int GENERATIONS = 5;

    private final Path file;
    private final String displayName;
    private final GatewayConfigLoader loader;
    private final CatalogXml writer;
    private byte[] knownDigest;
    /** The content last refused by {@link #load}: not read again until it changes. */
    private byte[] refusedDigest;

    /**
     * @param file         the catalog file
     * @param displayName  how messages name it, e.g. {@code conf/ws-gateway.xml}
     * @param catalinaBase where relative paths in it are resolved from
     * @param policyCheck  checks each API's policies (the policy registry)
     */
    public XmlFileStore(Path file, String displayName, Path catalinaBase, PolicyCheck policyCheck) {
        this.file = file;
        this.displayName = displayName;
        this.loader = new GatewayConfigLoader(catalinaBase, policyCheck);
        this.writer = new CatalogXml(catalinaBase);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Catalog load() throws ConfigException {
        byte[] digest = digest();
        try {
            Catalog catalog = loader.load(file, displayName);
            knownDigest = digest;
            return catalog;
        } catch (ConfigException e) {
            refusedDigest = digest;
            throw e;
        }
    }

    @Override
    public void save(Catalog catalog, Change change) throws IOException {
        save(catalog);
    }

    /** Writes the catalog, keeping the file it replaces as {@code .bak.1}. */
    public synchronized void save(Catalog catalog) throws IOException {
        byte[] content = writer.write(catalog).getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        writeDurably(tmp, content);
        if (Files.exists(file)) {
            Path bakTmp = dir.resolve(file.getFileName() + ".bak.tmp");
            writeDurably(bakTmp, Files.readAllBytes(file));
            for (int i = GENERATIONS - 1; i >= 1; i--) {
                Path older = backup(i);
                if (Files.exists(older)) {
                    move(older, backup(i + 1));
                }
            }
            move(bakTmp, backup(1));
        }
        move(tmp, file);
        forceDirectory(dir);
        knownDigest = sha256(content);
    }

    /** The {@code n}th earlier version, {@code 1} the newest: {@code <name>.bak.<n>}. */
    public Path backup(int n) {
        return file.toAbsolutePath().getParent().resolve(file.getFileName() + ".bak." + n);
    }

    @Override
    public synchronized boolean changedOutside() {
        byte[] digest = digest();
        return !Arrays.equals(knownDigest, digest) && !Arrays.equals(refusedDigest, digest);
    }

    @Override
    public synchronized boolean holdsLastGood() {
        return Arrays.equals(knownDigest, digest());
    }

    @Override
    public String describe() {
        return displayName;
    }

    private static void writeDurably(Path path, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable (POSIX: fsync the directory). Not possible everywhere; then skipped. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; the rename is still atomic there.
        }
    }

    private byte[] digest() {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
