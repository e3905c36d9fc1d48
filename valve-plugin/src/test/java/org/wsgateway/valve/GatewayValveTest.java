package org.wsgateway.valve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.ConfigValues;

class GatewayValveTest {

    private final GatewayValve valve = new GatewayValve();

    @Test
    void startsWithTheDocumentedDefaults() {
        assertEquals(GatewayValve.DEFAULT_CONFIG_FILE, valve.getConfigFile());
        assertEquals(ConfigValues.duration(GatewayValve.DEFAULT_RELOAD_INTERVAL).toMillis() + "ms",
                valve.getReloadInterval());
        assertEquals(0, valve.getBackendThreads());
        assertEquals(ConfigValues.duration(GatewayValve.DEFAULT_DRAIN_TIMEOUT).toMillis() + "ms",
                valve.getDrainTimeout());
        assertEquals("2000ms", valve.getReloadInterval());
        assertEquals("5000ms", valve.getDrainTimeout());
    }

    @Test
    void refusesToStartWithAnAttributeTomcatCouldNotSetRatherThanOnItsDefault() throws Exception {
        org.apache.catalina.core.StandardEngine engine = new org.apache.catalina.core.StandardEngine();
        org.apache.catalina.core.StandardHost host = new org.apache.catalina.core.StandardHost();
        engine.addChild(host);
        valve.setContainer(host);
        // What Tomcat's digester does with a setter that throws: it logs it and goes on, the default in place.
        assertThrows(IllegalArgumentException.class, () -> valve.setRedis("http://:pw-123@127.0.0.1:6379"));
        assertThrows(IllegalArgumentException.class, () -> valve.setRedisFallback("sometimes"));
        assertEquals(null, valve.getRedis());
        org.apache.catalina.LifecycleException e = assertThrows(org.apache.catalina.LifecycleException.class,
                valve::start);
        String message = messages(e);
        assertTrue(message.contains("2 attributes Tomcat could not set: redis: redis must be a URL such as "
                + "redis://127.0.0.1:6379"), message);
        assertTrue(message.contains("redisFallback: redisFallback must be 'local'"), message);
        assertFalse(message.contains("pw-123"), message);

        GatewayValve fixed = new GatewayValve();
        assertThrows(IllegalArgumentException.class, () -> fixed.setReloadInterval("soon"));
        fixed.setReloadInterval("5s");
        fixed.setRedis("redis://:pw-123@127.0.0.1:6379");
        assertEquals("redis://***@127.0.0.1:6379", fixed.getRedis(), "a value set right after a wrong one counts");
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    @Test
    void namesTheNodeAfterTheEngineJvmRouteElseTheHost() {
        org.apache.catalina.core.StandardEngine engine = new org.apache.catalina.core.StandardEngine();
        org.apache.catalina.core.StandardHost host = new org.apache.catalina.core.StandardHost();
        engine.addChild(host);
        valve.setContainer(host);
        assertEquals(org.wsgateway.catalog.Gateways.defaultNodeName(), valve.nodeName());

        engine.setJvmRoute("tc1");
        assertEquals("tc1", valve.nodeName());

        valve.setNode(" node-a ");
        assertEquals("node-a", valve.getNode());
        assertEquals("node-a", valve.nodeName());
    }

    @Test
    void takesABlankNodeAsTheDefaultAndRefusesAControlCharacter() {
        valve.setNode("");
        assertEquals(null, valve.getNode());
        assertThrows(IllegalArgumentException.class, () -> valve.setNode("a\nb"));
    }

    @Test
    void takesAConfigFileAndTrimsIt() {
        valve.setConfigFile("  conf/apis.xml ");

        assertEquals("conf/apis.xml", valve.getConfigFile());
    }

    @Test
    void rejectsABlankConfigFile() {
        for (String blank : new String[] {null, "", "   "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> valve.setConfigFile(blank));
            assertTrue(e.getMessage().contains(GatewayValve.DEFAULT_CONFIG_FILE), e.getMessage());
        }
        assertEquals(GatewayValve.DEFAULT_CONFIG_FILE, valve.getConfigFile());
    }

    @Test
    void parsesTheReloadInterval() {
        valve.setReloadInterval("2s");
        assertEquals("2000ms", valve.getReloadInterval());
        valve.setReloadInterval("0");
        assertEquals("0ms", valve.getReloadInterval());
        valve.setReloadInterval("1m");
        assertEquals("60000ms", valve.getReloadInterval());
    }

    @Test
    void rejectsAReloadIntervalThatIsNotADuration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> valve.setReloadInterval("soon"));

        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
        assertEquals("2000ms", valve.getReloadInterval());
    }

    @Test
    void takesZeroOrMoreBackendThreads() {
        valve.setBackendThreads(4);
        assertEquals(4, valve.getBackendThreads());
        valve.setBackendThreads(0);
        assertEquals(0, valve.getBackendThreads());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> valve.setBackendThreads(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertEquals(0, valve.getBackendThreads());
    }

    @Test
    void parsesTheDrainTimeout() {
        valve.setDrainTimeout("750ms");
        assertEquals("750ms", valve.getDrainTimeout());
        valve.setDrainTimeout("0");
        assertEquals("0ms", valve.getDrainTimeout());
        assertThrows(IllegalArgumentException.class, () -> valve.setDrainTimeout("forever"));
    }

    @Test
    void documentsExactlyItsOwnAttributesInTheReadme() throws Exception {
        Map<String, String> documented = documentedAttributes();
        documented.remove("className");

        assertEquals(writableProperties(), new TreeSet<>(documented.keySet()));
    }

    @Test
    void documentsTheRealDefaults() throws Exception {
        Map<String, String> documented = documentedAttributes();
        documented.remove("className");

        for (Map.Entry<String, String> attribute : documented.entrySet()) {
            String name = attribute.getKey();
            GatewayValve configured = new GatewayValve();
            Method setter = setter(name);
            setter.invoke(configured, convert(attribute.getValue(), setter.getParameterTypes()[0]));
            assertEquals(getter(name).invoke(new GatewayValve()), getter(name).invoke(configured),
                    "documented default of " + name + ": " + attribute.getValue());
        }
        assertFalse(documented.isEmpty());
    }

    /** The attribute table of the README's "## Valve attributes" section: name → default (empty if none). */
    private static Map<String, String> documentedAttributes() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher section = Pattern.compile("(?ms)^## Valve attributes$(.*?)(?=^## )").matcher(readme);
        assertTrue(section.find(), "README has a '## Valve attributes' section");
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|([^|]*)\\|([^|]*)\\|").matcher(section.group(1));
        while (row.find()) {
            attributes.put(row.group(1), row.group(3).trim().replace("`", ""));
        }
        return attributes;
    }

    /** Properties with a public one-argument setter declared by GatewayValve itself (not inherited). */
    private static Set<String> writableProperties() {
        return Arrays.stream(GatewayValve.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1)
                .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Method setter(String property) {
        String name = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        return Arrays.stream(GatewayValve.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1).findFirst()
                .orElseThrow(() -> new AssertionError("no setter for " + property));
    }

    private static Method getter(String property) throws NoSuchMethodException {
        String capitalized = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        try {
            return GatewayValve.class.getMethod("get" + capitalized);
        } catch (NoSuchMethodException e) {
            return GatewayValve.class.getMethod("is" + capitalized);
        }
    }

    /** Converts an attribute string as Tomcat's digester would for the setter's parameter type. */
    private static Object convert(String value, Class<?> type) {
        if (type == String.class) {
            return value;
        }
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(value);
        }
        if (type == long.class || type == Long.class) {
            return Long.parseLong(value);
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.parseBoolean(value);
        }
        throw new AssertionError("no conversion to " + type);
    }
}
