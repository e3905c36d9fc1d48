package org.wsgateway.policy.restrict;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.MessageAction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.UpgradeRequest;

/**
 * {@code json-schema}: text messages must be JSON valid against a schema, per direction (networknt
 * json-schema-validator; drafts 4 to 2020-12, taken from the schema's {@code $schema}, 2020-12 without one). A
 * message being validated is held until complete (the only case where the gateway holds a message whole), up to
 * {@code maxSize}. Not JSON, or not valid: {@code 1007} (invalid payload data) to the sender with the first problem,
 * {@code 1001} to the other side. Binary messages are not checked.
 */
public final class JsonSchemaPolicy implements Policy {

    public static final String NAME = "json-schema";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.RESTRICT, Config::parse,
            (config, state) -> new JsonSchemaPolicy(config));
    static final int INVALID_PAYLOAD = 1007;
    static final int TOO_BIG = 1009;
    static final int GOING_AWAY = 1001;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param inbound  schema file for messages from clients, relative to {@code $CATALINA_BASE}, or {@code null}
     * @param outbound schema file for messages from the backend, or {@code null}
     * @param maxSize  the largest text message held for validation (default {@code 1MiB}); larger: 1009
     * @param base     where relative schema paths start ({@code $CATALINA_BASE}); not a setting
     */
    public record Config(String inbound, String outbound, long maxSize, Path base) implements PolicyConfig {

        public static Config parse(PolicySettings s) {
            s.only(Set.of("inbound", "outbound", "maxSize"));
            Path base = catalinaBase();
            Config config = new Config(s.get("inbound", v -> checked(base, v), null),
                    s.get("outbound", v -> checked(base, v), null), s.get("maxSize", ConfigValues::size, 1L << 20),
                    base);
            if (!s.hasAny("inbound", "outbound")) {
                s.problem("inbound", "give inbound or outbound (or both): a schema file such as "
                        + "conf/schemas/orders.json");
            }
            if (config.maxSize() <= 0) {
                s.problem("maxSize", "must be above 0: held messages need a cap");
            }
            return config;
        }

        /** The path as written, once the file is known to hold a usable schema. */
        private static String checked(Path base, String value) {
            if (value.isBlank()) {
                return null;
            }
            load(base.resolve(value.trim()));
            return value.trim();
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("inbound", inbound,
                    "outbound", outbound, "maxSize", maxSize);
        }
    }

    private final Config config;
    private final JsonSchema inbound;
    private final JsonSchema outbound;

    JsonSchemaPolicy(Config config) {
        this.config = config;
        this.inbound = config.inbound() == null ? null : load(config.base().resolve(config.inbound()));
        this.outbound = config.outbound() == null ? null : load(config.base().resolve(config.outbound()));
    }

    static Path catalinaBase() {
        String base = System.getProperty("catalina.base");
        return base == null ? Path.of("").toAbsolutePath() : Path.of(base);
    }

    /** Reads and compiles a schema file; a problem a person can act on otherwise. */
    static JsonSchema load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read the schema file " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode schema = JSON.readTree(in);
            SpecVersion.VersionFlag version = schema.has("$schema") ? SpecVersionDetector.detect(schema)
                    : SpecVersion.VersionFlag.V202012;
            return JsonSchemaFactory.getInstance(version).getSchema(schema);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage().split("\n")[0]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a usable JSON Schema: " + e.getMessage());
        }
    }

    @Override
    public MessageGuard open(UpgradeRequest upgrade) {
        return new Guard();
    }

    /** Counts held messages against the cap and validates them when whole. */
    private final class Guard implements MessageGuard {

        private long inboundBytes;
        private long outboundBytes;

        @Override
        public boolean holdsText(Direction direction) {
            return schema(direction) != null;
        }

        private JsonSchema schema(Direction direction) {
            return direction == Direction.INBOUND ? inbound : outbound;
        }

        @Override
        public MessageAction onPiece(Direction direction, boolean text, boolean first, boolean last, int bytes) {
            if (!text || schema(direction) == null) {
                return MessageAction.PASS;
            }
            long size;
            if (direction == Direction.INBOUND) {
                size = inboundBytes = (first ? 0 : inboundBytes) + bytes;
            } else {
                size = outboundBytes = (first ? 0 : outboundBytes) + bytes;
            }
            return size <= config.maxSize() ? MessageAction.PASS : close(direction, TOO_BIG, direction.sender()
                    + " sent a message larger than " + config.maxSize() + " bytes, the most held for validation");
        }

        @Override
        public MessageAction onText(Direction direction, ByteBuffer utf8) {
            JsonNode message;
            try {
                message = JSON.readTree(StandardCharsets.UTF_8.decode(utf8).toString());
            } catch (JsonProcessingException e) {
                return close(direction, INVALID_PAYLOAD, direction.sender() + " sent a message that is not JSON");
            }
            Set<ValidationMessage> problems = schema(direction).validate(message);
            if (problems.isEmpty()) {
                return MessageAction.PASS;
            }
            String first = problems.stream().map(ValidationMessage::getMessage).sorted().limit(1)
                    .collect(Collectors.joining());
            return close(direction, INVALID_PAYLOAD, "schema: " + first);
        }

        private MessageAction close(Direction direction, int code, String reason) {
            return new MessageAction.Close(code, GOING_AWAY, reason);
        }
    }
}
