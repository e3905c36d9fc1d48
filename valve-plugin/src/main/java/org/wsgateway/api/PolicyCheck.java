package org.wsgateway.api;

import java.util.Map;

/**
 * Checks the policies an API declares and gives them back in normal form. The policy registry
 * ({@code org.wsgateway.policy.registry.PolicyRegistry::parse}) is the implementation; readers of the catalog
 * (the file loader, the REST API) are handed it, so that they need not know which policies exist.
 */
@FunctionalInterface
public interface PolicyCheck {

    /**
     * @param declared policy name to its text settings, in declaration order
     * @return the same policies with every setting written out in its normal form
     * @throws PolicyException naming every unknown policy and every bad setting
     */
    Policies check(Map<String, Map<String, String>> declared) throws PolicyException;
}
