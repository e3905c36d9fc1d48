package org.wsgateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An application's API key, as stored: never the key itself, only its SHA-256 hash (a key is 256 random bits, so a
 * fast hash is enough: there is nothing to guess) and its first characters, to tell keys apart in lists.
 *
 * @param id      stable identifier
 * @param name    for people, e.g. {@code mobile-prod}
 * @param hash    {@code sha256:} and the key's hash in hex
 * @param prefix  the key's first characters, e.g. {@code wsg_Ab3dE}
 * @param created when it was made
 * @param expires when it stops working, or {@code null} for never
 */
public record ApiKey(String id, String name, String hash, String prefix, Instant created, Instant expires) {

    /** How every key starts: a scanner finding one in a repository can tell what it is. */
    public static final String KEY_PREFIX = "wsg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(created, "created");
        name = name == null ? "" : name;
        prefix = prefix == null ? "" : prefix;
    }

    /** A new random key: {@code wsg_} and 43 characters (256 bits, base64url). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a key's hash. */
    public static String hash(String key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The characters of a key kept for display. */
    public static String prefixOf(String key) {
        return key.substring(0, Math.min(key.length(), KEY_PREFIX.length() + 5));
    }

    /** Whether the key has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }
}
