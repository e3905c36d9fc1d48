package org.wsgateway.catalog;

import java.util.List;

import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Policies;

/**
 * What a publisher says about an API when creating or editing it: everything but its id and lifecycle, which the
 * catalog owns. Values are already checked one by one (see {@code ConfigValues}); the catalog checks how they fit
 * with the rest (unique paths and names, known plans and gateways).
 *
 * @param endpoint may be {@code null} while the API is being created
 * @param policies the API's policies; {@code null} leaves an edited API's policies as they are (none for a new one)
 */
public record ApiDraft(String name, String context, String version, String description, EndpointSettings endpoint,
        List<String> plans, List<String> gateways, boolean defaultVersion, Policies policies) {

    public ApiDraft {
        description = description == null ? "" : description;
        plans = List.copyOf(plans);
        gateways = List.copyOf(gateways);
    }

    /** A draft that says nothing about policies. */
    public ApiDraft(String name, String context, String version, String description, EndpointSettings endpoint,
            List<String> plans, List<String> gateways, boolean defaultVersion) {
        this(name, context, version, description, endpoint, plans, gateways, defaultVersion, null);
    }
}
