package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.Field;
import org.wsgateway.api.Field.Access;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;

/**
 * The OpenAPI document against the catalog's fields ({@link CatalogFields}): every schema of a catalog type has
 * exactly its fields (plus what the REST API derives for readers), with the same JSON type, default, requiredness and
 * read/write access. A field added in one place and not the other fails here.
 */
class OpenApiFieldsTest {

    private static final JsonNode DOC = document();
    private static final FieldContext REST = FieldContext.restApi(Path.of("/opt/tomcat"));

    private static JsonNode document() {
        try (InputStream in = OpenApiFieldsTest.class.getResourceAsStream("/openapi.json")) {
            return Views.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Schema, field set, whether it is an input (writable fields only), and what REST adds of its own. */
    static Stream<Arguments> schemas() {
        return Stream.of(
                Arguments.of("ApiInput", CatalogFields.API, true, Set.of("endpoint", "policies")),
                Arguments.of("Api", CatalogFields.API, false,
                        Set.of("endpoint", "policies", "actions", "url", "connections")),
                Arguments.of("Endpoint", CatalogFields.ENDPOINT, true, Set.of("tls")),
                Arguments.of("Tls", CatalogFields.TLS, true, Set.of()),
                Arguments.of("Plan", CatalogFields.PLAN, true, Set.of()),
                Arguments.of("Gateway", CatalogFields.GATEWAY, true, Set.of("running", "serves", "connections")),
                Arguments.of("ApplicationInput", CatalogFields.APPLICATION, true, Set.of()),
                Arguments.of("Application", CatalogFields.APPLICATION, false, Set.of("subscriptions", "keys")),
                Arguments.of("Subscription", CatalogFields.SUBSCRIPTION, false, Set.of("apiName", "apiPath")),
                Arguments.of("Key", CatalogFields.KEY, false, Set.of("expired")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void documentsExactlyTheFieldsOfEachCatalogType(String schema, FieldSet<?> fields, boolean input,
            Set<String> derived) {
        Set<String> expected = new TreeSet<>(derived);
        fields.fields().stream().filter(f -> shown(f, input)).forEach(f -> expected.add(f.name()));
        assertEquals(expected, new TreeSet<>(properties(schema).keySet()), schema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void documentsEachFieldsTypeDefaultAndAccess(String schema, FieldSet<?> fields, boolean input,
            Set<String> derived) {
        Map<String, JsonNode> properties = properties(schema);
        for (Field<?, ?> field : fields.fields()) {
            if (!shown(field, input)) {
                continue;
            }
            JsonNode property = resolve(properties.get(field.name()));
            assertNotNull(property, schema + "." + field.name());
            String where = schema + "." + field.name();
            assertTrue(types(property).contains(jsonType(field)), where + " is documented as " + types(property)
                    + ", the catalog says " + jsonType(field));
            if (property.has("default")) {
                assertEquals(defaultAsJson(field).toString(), property.get("default").toString(), where + " default");
            }
            assertEquals(field.access() == Access.SECRET, property.path("writeOnly").asBoolean(), where
                    + " writeOnly");
        }
        if (input) {
            List<String> required = new ArrayList<>();
            fields.fields().stream().filter(f -> f.required() && f.access() == Access.WRITABLE)
                    .forEach(f -> required.add(f.name()));
            List<String> documented = new ArrayList<>();
            DOC.at("/components/schemas/" + schema + "/required").forEach(n -> documented.add(n.asText()));
            assertEquals(new TreeSet<>(required), new TreeSet<>(documented), schema + " required");
        }
    }

    /** An input schema documents what clients set; a view shows all but secrets. */
    private static boolean shown(Field<?, ?> field, boolean input) {
        return input ? field.access() != Access.CATALOG_OWNED : field.access() != Access.SECRET;
    }

    /** A schema's properties, with those of the schemas it is made of ({@code allOf}). */
    private static Map<String, JsonNode> properties(String schema) {
        JsonNode node = DOC.at("/components/schemas/" + schema);
        assertTrue(node.isObject(), "no schema " + schema);
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
        for (JsonNode part : node.path("allOf")) {
            if (part.has("$ref")) {
                properties.putAll(properties(part.get("$ref").asText().replace("#/components/schemas/", "")));
            } else {
                part.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
            }
        }
        return properties;
    }

    private static JsonNode resolve(JsonNode property) {
        if (property != null && property.has("$ref")) {
            ObjectNode merged = ((ObjectNode) DOC.at(property.get("$ref").asText().substring(1))).deepCopy();
            ObjectNode own = (ObjectNode) property.deepCopy();
            own.remove("$ref");
            merged.setAll(own);
            return merged;
        }
        return property;
    }

    private static Set<String> types(JsonNode property) {
        Set<String> types = new TreeSet<>();
        if (property.has("type")) {
            types.add(property.get("type").asText());
        }
        property.path("oneOf").forEach(t -> types.add(t.path("type").asText()));
        return types;
    }

    private static String jsonType(Field<?, ?> field) {
        return switch (field.type()) {
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case LIST -> "array";
            case STRING -> "string";
        };
    }

    /** The field's default as the REST API writes it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode defaultAsJson(Field<?, ?> field) {
        Object value = field.defaultValue();
        if (value == null) {
            return Views.MAPPER.nullNode();
        }
        return switch (field.type()) {
            case INTEGER, BOOLEAN -> Views.MAPPER.valueToTree(value);
            case LIST -> Views.MAPPER.valueToTree(value);
            case STRING -> Views.MAPPER.getNodeFactory().textNode(((Field) field).writer().apply(REST, value)
                    .toString());
        };
    }
}
