package org.wsgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.config.GatewayConfigLoaderTest.DISPLAY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsgateway.policy.registry.PolicyRegistry;

class GatewayConfigLoaderValidationTest {

    @TempDir
    Path base;

    private ConfigException failure(String xml) {
        return assertThrows(ConfigException.class, () -> GatewayConfigLoaderTest.load(base, xml));
    }

    /** One API; {@code api} and {@code endpoint} are extra attributes, {@code inside} goes in the endpoint. */
    private static String file(String apiAttributes, String endpointAttributes, String inside) {
        return "<ws-gateway>\n  <api " + apiAttributes + ">\n    <endpoint " + endpointAttributes + ">" + inside
                + "</endpoint>\n  </api>\n</ws-gateway>\n";
    }

    private static String echo(String endpointAttributes) {
        return file("name=\"Echo\" context=\"/echo\" version=\"1.0\"", endpointAttributes, "");
    }

    private ConfigException onlyProblem(String xml, String... fragments) {
        ConfigException e = failure(xml);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith(DISPLAY + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.problems().get(0).contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void rejectsAHandEditWithACharacterXmlCannotHold() {
        for (String reference : new String[] {"&#1;", "&#xFFFE;", "&#xD800;"}) {
            ConfigException e = failure(file("name=\"Echo\" context=\"/echo\" version=\"1.0\" description=\"a"
                    + reference + "\"", "url=\"ws://h:1/\"", ""));
            assertTrue(e.getMessage().contains("XML"), e.getMessage());
        }
    }

    @Test
    void rejectsATypoInAnAttributeName() {
        onlyProblem(echo("url=\"ws://h:1/\" connectTimeot=\"5s\""),
                "API 'Echo'", "key 'endpoint[@connectTimeot]'", "unknown key");
    }

    @Test
    void rejectsAnUnknownAttributeOnTheApi() {
        onlyProblem(file("name=\"Echo\" context=\"/echo\" version=\"1.0\" colour=\"red\"", "url=\"ws://h:1/\"", ""),
                "API 'Echo'", "key '[@colour]'", "unknown key");
    }

    @Test
    void rejectsAnUnknownTopLevelElement() {
        String xml = echo("url=\"ws://h:1/\"").replace("<ws-gateway>", "<ws-gateway><policies><p a=\"1\"/></policies>");

        onlyProblem(xml, "unknown key 'policies.p[@a]'");
    }

    @Test
    void rejectsAnUnknownElementInsideAnApi() {
        onlyProblem(file("name=\"Echo\" context=\"/echo\" version=\"1.0\"", "url=\"ws://h:1/\"", "<tsl verifyHostname=\"false\"/>"),
                "API 'Echo'", "key 'endpoint.tsl[@verifyHostname]'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[@name]", "[@context]", "[@version]", "endpoint[@url]"})
    void reportsAMissingRequiredKey(String key) {
        String xml = file("name=\"Echo\" context=\"/echo\" version=\"1.0\"", "url=\"ws://h:1/\" pingInterval=\"5s\"",
                "");
        String attribute = key.substring(key.indexOf('@') + 1, key.length() - 1);
        xml = xml.replaceFirst(" " + attribute + "=\"[^\"]*\"", "");

        onlyProblem(xml, key.equals("[@name]") ? "API #1" : "API 'Echo'", "key '" + key + "'", "missing");
    }

    @Test
    void treatsABlankValueAsMissing() {
        onlyProblem(file("name=\"  \" context=\"/echo\" version=\"1.0\"", "url=\"ws://h:1/\"", ""),
                "API #1", "key '[@name]': missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h:1/echo", "h:1/echo", "ws:///echo", "ws://user:secret@h:1/echo",
            "ws://h:1/echo#part", "ws://h:1/a b"})
    void rejectsAUrlThatIsNotAWebSocketBackend(String url) {
        onlyProblem(echo("url=\"" + url + "\""), "API 'Echo'", "key 'endpoint[@url]'", url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "/echo/", "/", "/a/../b", "/..", "/a/.", "/ech o", "//echo", "/echo?x"})
    void rejectsABadContext(String context) {
        onlyProblem(file("name=\"Echo\" context=\"" + context + "\" version=\"1.0\"", "url=\"ws://h:1/\"", ""),
                "API 'Echo'", "key '[@context]'", "'" + context + "' is not a context", "/echowebsocket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0/x", "..", ".", "v 1", "1?"})
    void rejectsABadVersion(String version) {
        onlyProblem(file("name=\"Echo\" context=\"/echo\" version=\"" + version + "\"", "url=\"ws://h:1/\"", ""),
                "API 'Echo'", "key '[@version]'", "is not a version");
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        onlyProblem(echo("url=\"ws://h:1/\" connectTimeout=\"0\""), "key 'endpoint[@connectTimeout]'",
                "greater than 0");
        onlyProblem(echo("url=\"ws://h:1/\" handshakeTimeout=\"soon\""), "key 'endpoint[@handshakeTimeout]'",
                "'soon' is not a duration");
        onlyProblem(echo("url=\"ws://h:1/\" maxMessageSize=\"1MB\""), "key 'endpoint[@maxMessageSize]'", "64KiB");
        onlyProblem(echo("url=\"ws://h:1/\" clientCompression=\"yes\""), "key 'endpoint[@clientCompression]'",
                "true or false");
    }

    @Test
    void rejectsATrustFileThatCannotBeRead() {
        ConfigException e = onlyProblem(file("name=\"Quotes\" context=\"/q\" version=\"1\"", "url=\"wss://h/\"",
                "<tls trustCertificates=\"conf/missing-ca.pem\"/>"), "API 'Quotes'",
                "key 'endpoint.tls[@trustCertificates]'", "cannot read file");
        assertTrue(e.getMessage().contains(base.resolve("conf/missing-ca.pem").toString()), e.getMessage());
    }

    @Test
    void rejectsTwoEndpoints() {
        String xml = echo("url=\"ws://h:1/\"").replace("</api>", "<endpoint url=\"ws://h:2/\"/></api>");

        onlyProblem(xml, "API 'Echo'", "more than one <endpoint>");
    }

    @Test
    void rejectsTheSameContextAndVersionTwiceNamingBothApis() {
        onlyProblem("""
                <ws-gateway>
                  <api name="Echo" context="/echo" version="1.0"><endpoint url="ws://h:1/"/></api>
                  <api name="EchoCopy" context="/echo" version="1.0"><endpoint url="ws://h:2/"/></api>
                </ws-gateway>
                """, "'Echo'", "'EchoCopy'", "/echo", "1.0");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ConfigException e = failure("""
                <ws-gateway>
                  <api name="One" context="one" version="1"><endpoint url="http://h/"/></api>
                  <api context="/two" version="2"><endpoint url="ws://h/" pingInterval="often"/></api>
                  <api name="Three" context="/three" version="3"><endpoint url="ws://h/" idleTimout="1s"/></api>
                </ws-gateway>
                """);

        List<String> problems = e.problems();
        assertEquals(5, problems.size(), e.getMessage());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("API 'One': key '[@context]'")), e.getMessage());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("API 'One': key 'endpoint[@url]'")), e.getMessage());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("API #2: key 'endpoint[@pingInterval]'")));
        assertTrue(problems.contains("API #2: key '[@name]': missing"), e.getMessage());
        assertTrue(problems.contains("API 'Three': key 'endpoint[@idleTimout]': unknown key"), e.getMessage());
        assertTrue(e.getMessage().startsWith(DISPLAY + ": 5 problems:"), e.getMessage());
        problems.forEach(p -> assertTrue(e.getMessage().contains("\n  - " + p)));
    }

    @Test
    void rejectsMalformedXml() {
        ConfigException e = failure("<ws-gateway><api name=\"Echo\"></ws-gateway>");

        assertTrue(e.getMessage().startsWith(DISPLAY + ": cannot be read as XML"), e.getMessage());
        assertTrue(e.getCause() != null);
    }

    @Test
    void rejectsAMissingFile() {
        Path missing = base.resolve("conf/absent.xml");

        ConfigException e = assertThrows(ConfigException.class,
                () -> new GatewayConfigLoader(base, PolicyRegistry::parse).load(missing, "conf/absent.xml"));

        assertTrue(e.getMessage().startsWith("conf/absent.xml: file not found"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
        assertTrue(!Files.exists(missing));
    }

    @Test
    void acceptsKnownElementsWithoutAttributes() throws Exception {
        var table = GatewayConfigLoaderTest.load(base,
                file("name=\"Echo\" context=\"/echo\" version=\"1.0\"", "url=\"wss://h/\"", "<tls/>"));
        assertEquals(1, table.apis().size());

        onlyProblem(file("name=\"Echo\" context=\"/echo\" version=\"1.0\"", "", ""),
                "API 'Echo'", "key 'endpoint[@url]': missing");
    }

    @Test
    void reportsBadEndpointValuesEvenWhenTheUrlIsBad() {
        ConfigException e = failure(echo("url=\"http://h/\" pingInterval=\"often\""));

        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(1).contains("key 'endpoint[@pingInterval]'"), e.getMessage());
    }

    @Test
    void reportsADurationTooLargeAsAProblemOfItsKey() {
        onlyProblem(echo("url=\"ws://h:1/\" idleTimeout=\"9999999999999999h\""), "API 'Echo'",
                "key 'endpoint[@idleTimeout]'");
    }
}
