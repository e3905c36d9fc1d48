package org.wsgateway.api;

import java.nio.file.Path;

/**
 * Trust for {@code wss://} backends. With neither a trust store nor a certificate file, the JVM's default trust
 * store is used. Hostname verification is on by default and should stay on outside tests.
 *
 * @param trustStore         a PKCS12 or JKS trust store, or {@code null}
 * @param trustStoreType     its type; default {@code PKCS12}
 * @param trustStorePassword its password, or {@code null} for a store without one
 * @param trustCertificates  a PEM file of trusted CA certificates, or {@code null}
 * @param verifyHostname     check that the backend's certificate names the host of the endpoint URL (default true)
 */
public record TlsSettings(Path trustStore, String trustStoreType, String trustStorePassword, Path trustCertificates,
        boolean verifyHostname) {

    /** The JVM's trust store, hostname verification on. */
    public static final TlsSettings DEFAULT = new TlsSettings(null, "PKCS12", null, null, true);

    @Override
    public String toString() {
        // Never print the password.
        return "TlsSettings[trustStore=" + trustStore + ", trustStoreType=" + trustStoreType + ", trustCertificates="
                + trustCertificates + ", verifyHostname=" + verifyHostname + "]";
    }
}
