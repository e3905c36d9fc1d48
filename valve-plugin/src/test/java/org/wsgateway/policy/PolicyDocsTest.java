package org.wsgateway.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.registry.PolicyRegistry;

/** Every policy has its page, with the sections a user needs, and is listed in the index. */
class PolicyDocsTest {

    private static final Path DOCS = Path.of("docs/policies");

    @Test
    void documentsEveryPolicyWithPurposePhaseSettingsAnswerAndExample() throws IOException {
        String index = Files.readString(DOCS.resolve("README.md"));
        for (String name : PolicyRegistry.names()) {
            Path page = DOCS.resolve(name + ".md");
            assertTrue(Files.exists(page), "no page " + page);
            String text = Files.readString(page);
            for (String section : new String[] {"# `" + name + "`", "**Purpose.**", "**Concern and phase.**",
                "**Settings.**", "**Answer.**", "**Example.**", "<" + name}) {
                assertTrue(text.contains(section), page + " lacks " + section);
            }
            assertTrue(index.contains("[`" + name + "`](" + name + ".md)"), "the index does not list " + name);
            assertExampleIsValid(name, text);
        }
    }

    /** The page's example element parses, and its settings table names every setting the policy has. */
    private static void assertExampleIsValid(String name, String text) {
        Matcher element = Pattern.compile("<" + Pattern.quote(name) + "((?:\\s+[A-Za-z]+=\"[^\"]*\")*)\\s*/>")
                .matcher(text.substring(text.indexOf("**Example.**")));
        assertTrue(element.find(), name + ": no example element");
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher attribute = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"").matcher(element.group(1));
        while (attribute.find()) {
            settings.put(attribute.group(1), attribute.group(2));
        }
        PolicyConfig config;
        String before = System.getProperty("catalina.base");
        try {
            // Files an example names (schemas) are made, empty but valid, under a $CATALINA_BASE of the test's own.
            Path catalinaBase = Files.createTempDirectory("docs-example");
            for (String value : settings.values()) {
                if (value.startsWith("conf/")) {
                    Files.createDirectories(catalinaBase.resolve(value).getParent());
                    Files.writeString(catalinaBase.resolve(value), "{}");
                }
            }
            System.setProperty("catalina.base", catalinaBase.toString());
            config = PolicyRegistry.parse(name, settings);
        } catch (PolicyException | IOException e) {
            throw new AssertionError(name + ": the example is invalid: " + e.getMessage(), e);
        } finally {
            if (before == null) {
                System.clearProperty("catalina.base");
            } else {
                System.setProperty("catalina.base", before);
            }
        }
        for (String key : config.settings().keySet()) {
            assertTrue(text.contains("| `" + key + "` |"), name + ": the settings table lacks " + key);
        }
    }
}
