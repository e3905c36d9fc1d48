package org.wsgateway.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslContextBuilder;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.it.support.TesterConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code wss://} backends (trust and hostname verification) and {@code wss://} clients on Tomcat's TLS connector. */
class TlsIT extends GatewayTestBase {

    private static TesterCertificates certs;
    private static TesterBackend tlsBackend;
    private static Connector https;

    @BeforeAll
    static void start() throws Exception {
        certs = TesterCertificates.create();
        tlsBackend = TesterBackend.start(1, SslContextBuilder.forServer(certs.keyManagers()).build());
        URI byName = URI.create("wss://localhost:" + tlsBackend.port() + "/control");
        URI byAddress = URI.create("wss://127.0.0.1:" + tlsBackend.port() + "/control");
        startTomcat(config(
                tlsApi("Trusted", "/trusted", byName, "<tls trustCertificates=\"" + certs.pem + "\"/>")
                + tlsApi("TrustStore", "/truststore", byName, "<tls trustStore=\"" + certs.trustStore
                        + "\" trustStorePassword=\"" + TesterCertificates.PASSWORD + "\"/>")
                + tlsApi("Untrusted", "/untrusted", byName, "")
                + tlsApi("WrongName", "/wrongname", byAddress, "<tls trustCertificates=\"" + certs.pem + "\"/>")
                + tlsApi("NoCheck", "/nocheck", byAddress, "<tls trustCertificates=\"" + certs.pem
                        + "\" verifyHostname=\"false\"/>")
                + api("Plain", "/plain", "1", backend.url("/control"), "")),
                t -> {
                    https = new Connector();
                    https.setPort(0);
                    https.setSecure(true);
                    https.setScheme("https");
                    https.setProperty("SSLEnabled", "true");
                    SSLHostConfig host = new SSLHostConfig();
                    SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                            SSLHostConfigCertificate.Type.UNDEFINED);
                    certificate.setCertificateKeystoreFile(certs.keyStore.toString());
                    certificate.setCertificateKeystorePassword(TesterCertificates.PASSWORD);
                    host.addCertificate(certificate);
                    https.addSslHostConfig(host);
                    t.getService().addConnector(https);
                });
    }

    @AfterAll
    static void stop() throws Exception {
        stopTomcat();
        tlsBackend.close();
    }

    private static String tlsApi(String name, String context, URI url, String tls) {
        return "<api name=\"" + name + "\" context=\"" + context + "\" version=\"1\"><endpoint url=\"" + url
                + "\">" + tls + "</endpoint>" + OPEN + "</api>";
    }

    @Test
    void relaysToAWssBackendTrustedByPemFile() throws Exception {
        assertRelays("/trusted/1");
    }

    @Test
    void relaysToAWssBackendTrustedByTrustStore() throws Exception {
        assertRelays("/truststore/1");
    }

    @Test
    void refusesAnUntrustedBackendCertificateWith502() throws Exception {
        assertEquals(502, TesterClient.refused(gateway("/untrusted/1")).statusCode());
    }

    @Test
    void verifiesTheBackendHostNameByDefault() throws Exception {
        assertEquals(502, TesterClient.refused(gateway("/wrongname/1")).statusCode());
        assertRelays("/nocheck/1");
    }

    @Test
    void acceptsWssClientsOnTomcatsTlsConnector() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certs.clientContext()).build();
        java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket ws = client.newWebSocketBuilder().buildAsync(
                URI.create("wss://localhost:" + https.getLocalPort() + "/plain/1"), new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(WebSocket w, CharSequence data,
                            boolean last) {
                        replies.add(data.toString());
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("headers", true).get();
        String headers = replies.poll(10, TimeUnit.SECONDS);
        assertEquals(true, headers.contains("x-forwarded-proto: https"), headers);
        ws.sendClose(1000, "").get();
        backend.nextConnection().awaitClose(5);
    }

    private static void assertRelays(String path) throws Exception {
        TesterClient client = TesterClient.connect(gateway(path));
        TesterConnection backendSide = tlsBackend.nextConnection();
        client.send("subprotocol");
        assertEquals("null", client.nextText());
        client.close(1000, "tls");
        assertEquals(1000, backendSide.awaitClose(5).code());
    }
}
