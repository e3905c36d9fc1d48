package org.wsgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.Api;
import org.wsgateway.api.Catalog;
import org.wsgateway.policy.registry.PolicyRegistry;
import org.wsgateway.store.CatalogXml;

/** The {@code <policies>} element of an API in the catalog file. */
class PoliciesConfigTest {

    @TempDir
    Path base;

    private Catalog load(String xml) throws Exception {
        Path file = base.resolve("ws-gateway.xml");
        java.nio.file.Files.writeString(file, xml);
        return new GatewayConfigLoader(base, PolicyRegistry::parse).load(file, "ws-gateway.xml");
    }

    private static String file(String policies) {
        return "<ws-gateway><api name=\"Echo\" context=\"/echo\" version=\"1\"><endpoint url=\"ws://h:1/\"/>"
                + policies + "</api></ws-gateway>";
    }

    @Test
    void readsPoliciesInDeclarationOrderAndWritesThemBackTheSame() throws Exception {
        Catalog catalog = load(file("<policies><ip-filter deny=\"10.0.0.0/8\"/>"
                + "<origin allow=\"https://app.example.com\"/><size-limit inbound=\"64KiB\"/></policies>"));
        Api api = catalog.apis().get(0);
        assertEquals(List.of("ip-filter", "origin", "size-limit"),
                List.copyOf(api.policies().names()));
        String written = new CatalogXml(base).write(catalog);
        assertTrue(written.contains("<size-limit inbound=\"65536\" outbound=\"0\" frame=\"0\"/>"), written);
        assertEquals(catalog, load(written));
    }

    @Test
    void namesTheApiThePolicyAndTheSettingOfEachProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                file("<policies><ip-filter allow=\"10.0.0.0/33\"/><rate-limitt/><origin allow=\"*\"/>"
                        + "<origin allow=\"*\"/></policies>")));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("API 'Echo': key 'policies.origin': declared twice"), e.getMessage());
        assertTrue(e.getMessage().contains("key 'policies.ip-filter[@allow]': '10.0.0.0/33'"), e.getMessage());
        assertTrue(e.getMessage().contains("key 'policies.rate-limitt': no such policy"), e.getMessage());
    }

    @Test
    void refusesAJwtPolicyWithoutAnAudienceNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(file("<policies><jwt issuer=\"https://idp\""
                + " jwksUrl=\"https://idp/jwks.json\"/></policies>")));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("API 'Echo': key 'policies.jwt[@audience]': missing"), e.getMessage());
    }

    @Test
    void refusesSettingsWrittenAsElementText() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                file("<policies><origin>https://a.example</origin></policies>")));
        assertTrue(e.getMessage().contains("settings are attributes"), e.getMessage());
    }

    @Test
    void refusesTwoPoliciesElements() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                file("<policies><origin allow=\"*\"/></policies><policies/>")));
        assertTrue(e.getMessage().contains("more than one <policies> element"), e.getMessage());
    }
}
