package org.wsgateway.api;

import java.util.Objects;

/**
 * A named gateway: a {@code GatewayValve} with that {@code name}, usually one per Tomcat Host. APIs are deployed to
 * gateways by name; an API deployed to no gateway in particular is served by all of them.
 *
 * @param name        unique name, e.g. {@code default}
 * @param description for people
 */
public record GatewayDef(String name, String description) {

    /** The gateway every valve is, unless its {@code name} attribute says otherwise. */
    public static final String DEFAULT_NAME = "default";

    public GatewayDef {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }
}
