package org.wsgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiTable;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.TlsSettings;
import org.wsgateway.policy.registry.PolicyRegistry;

class GatewayConfigLoaderTest {

    static final String DISPLAY = "conf/ws-gateway.xml";

    @TempDir
    Path base;

    static ApiTable load(Path base, String xml) throws IOException, ConfigException {
        Path file = base.resolve(DISPLAY);
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml);
        return new ApiTable(new GatewayConfigLoader(base, PolicyRegistry::parse).load(file, DISPLAY).apis());
    }

    @Test
    void loadsTheSeedExampleWithDefaultSettings() throws Exception {
        ApiTable table = load(base, """
                <ws-gateway>
                  <api name="EchoWebSocket" context="/echowebsocket" version="1.0">
                    <endpoint url="ws://127.0.0.1:9001/echo"/>
                  </api>
                </ws-gateway>
                """);

        assertEquals(List.of(new Api("EchoWebSocket", "/echowebsocket", "1.0",
                EndpointSettings.of(URI.create("ws://127.0.0.1:9001/echo")))), table.apis());
        EndpointSettings endpoint = table.apis().get(0).endpoint();
        assertEquals(Duration.ofSeconds(5), endpoint.connectTimeout());
        assertEquals(Duration.ofSeconds(10), endpoint.handshakeTimeout());
        assertEquals(Duration.ZERO, endpoint.idleTimeout());
        assertEquals(Duration.ofSeconds(30), endpoint.pingInterval());
        assertEquals(16L << 20, endpoint.maxMessageSize(), "16 MiB unless an API says otherwise");
        assertEquals(true, endpoint.clientCompression());
        assertEquals(false, endpoint.backendCompression());
        assertEquals(TlsSettings.DEFAULT, endpoint.tls());
    }

    @Test
    void readsEveryEndpointAttribute() throws Exception {
        Files.createDirectories(base.resolve("conf"));
        Files.writeString(base.resolve("conf/trust.p12"), "not really a store");
        Files.writeString(base.resolve("conf/ca.pem"), "not really a certificate");

        ApiTable table = load(base, """
                <ws-gateway>
                  <api name="Quotes" context="/market/quotes" version="v2">
                    <endpoint url="wss://quotes.internal.example:8443/stream?feed=eu" connectTimeout="250ms"
                              handshakeTimeout="3s" idleTimeout="2m" pingInterval="0" maxMessageSize="16MiB"
                              clientCompression="false" backendCompression="true">
                      <tls trustStore="conf/trust.p12" trustStoreType="JKS" trustStorePassword="changeit"
                           trustCertificates="conf/ca.pem" verifyHostname="false"/>
                    </endpoint>
                  </api>
                </ws-gateway>
                """);

        assertEquals(new Api("Quotes", "/market/quotes", "v2", new EndpointSettings(
                URI.create("wss://quotes.internal.example:8443/stream?feed=eu"), Duration.ofMillis(250),
                Duration.ofSeconds(3), Duration.ofMinutes(2), Duration.ZERO, 16L << 20, false, true,
                new TlsSettings(base.resolve("conf/trust.p12"), "JKS", "changeit", base.resolve("conf/ca.pem"),
                        false))), table.apis().get(0));
        assertTrue(table.apis().get(0).endpoint().secure());
    }

    @Test
    void readsAnExplicitZeroMaxMessageSizeAsNoLimit() throws Exception {
        ApiTable table = load(base, """
                <ws-gateway>
                  <api name="Any" context="/any" version="1"><endpoint url="ws://h:1/" maxMessageSize="0"/></api>
                </ws-gateway>
                """);

        assertEquals(0, table.apis().get(0).endpoint().maxMessageSize());
    }

    @Test
    void loadsSeveralApisInFileOrder() throws Exception {
        ApiTable table = load(base, """
                <ws-gateway>
                  <api name="B" context="/b" version="1"><endpoint url="ws://h:1/"/></api>
                  <api name="A" context="/a" version="1"><endpoint url="ws://h:2/"/></api>
                  <api name="B" context="/b" version="2"><endpoint url="WS://h:3/"/></api>
                </ws-gateway>
                """);

        assertEquals(List.of("/b/1", "/a/1", "/b/2"), table.apis().stream().map(Api::path).toList());
    }

    @Test
    void loadsAFileWithoutApis() throws Exception {
        assertTrue(load(base, "<ws-gateway/>").isEmpty());
    }

    @Test
    void interpolatesSystemPropertiesInTheUrl() throws Exception {
        String xml = """
                <ws-gateway>
                  <api name="Echo" context="/echo" version="1">
                    <endpoint url="ws://${sys:wsgw.test.backend}/echo"/>
                  </api>
                </ws-gateway>
                """;
        System.setProperty("wsgw.test.backend", "10.1.2.3:9100");
        try {
            assertEquals(URI.create("ws://10.1.2.3:9100/echo"), load(base, xml).apis().get(0).endpoint().url());
        } finally {
            System.clearProperty("wsgw.test.backend");
        }

        ConfigException e = assertThrows(ConfigException.class, () -> load(base, xml));
        assertTrue(e.getMessage().contains("API 'Echo': key 'endpoint[@url]'"), e.getMessage());
    }

    @Test
    void resolvesAnAbsoluteTrustFileAsItIs(@TempDir Path elsewhere) throws Exception {
        Path pem = Files.writeString(elsewhere.resolve("ca.pem"), "x");

        ApiTable table = load(base, "<ws-gateway><api name='E' context='/e' version='1'><endpoint url='wss://h/'>"
                + "<tls trustCertificates='" + pem + "'/></endpoint></api></ws-gateway>");

        assertEquals(pem, table.apis().get(0).endpoint().tls().trustCertificates());
    }

    @Test
    void loadsTheRepositorysSampleFile() throws Exception {
        Path sample = Path.of("../conf-samples/ws-gateway.xml");

        ApiTable table = new ApiTable(new GatewayConfigLoader(base, PolicyRegistry::parse).load(sample, "conf-samples/ws-gateway.xml").apis());

        Api echo = table.get("/echowebsocket", "1.0");
        assertEquals("EchoWebSocket", echo.name());
        assertEquals(List.of(echo), table.apis());
        assertEquals(URI.create("ws://127.0.0.1:9001/echo"), echo.endpoint().url());
    }

    @Test
    void acceptsExactlyTheKeysTheReadmeDocuments() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher section = Pattern.compile("(?ms)^## Configuration file$(.*?)(?=^## )").matcher(readme);
        assertTrue(section.find(), "README has a '## Configuration file' section");
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(section.group(1));
        while (row.find()) {
            documented.add(row.group(1));
        }

        Set<String> accepted = new TreeSet<>();
        accepted.addAll(documentedForm("api", ApiReader.KEYS));
        accepted.addAll(documentedForm("plan", ElementReader.keys(CatalogFields.PLAN, "")));
        accepted.addAll(documentedForm("gateway", ElementReader.keys(CatalogFields.GATEWAY, "")));

        assertEquals(34, accepted.size());
        assertEquals(accepted, documented);
    }

    private static Set<String> documentedForm(String element, Set<String> keys) {
        return keys.stream().map(key -> key.replace("[@", "@").replace("]", ""))
                .map(key -> key.startsWith("@") ? element + key : key)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
