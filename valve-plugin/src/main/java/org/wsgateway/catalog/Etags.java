package org.wsgateway.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.wsgateway.api.Api;
import org.wsgateway.api.Application;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.store.CatalogXml;

/**
 * Entity tags for catalog resources: a digest of the resource's stored form, so any change (through the REST API or
 * by hand in the file) gives a new tag, and an unchanged resource keeps its tag across restarts.
 */
public final class Etags {

    private final CatalogXml xml;

    public Etags(CatalogXml xml) {
        this.xml = xml;
    }

    public String of(Api api) {
        return tag(xml.api(api, ""));
    }

    public String of(Plan plan) {
        return tag(xml.plan(plan));
    }

    public String of(Application application) {
        return tag(xml.application(application, ""));
    }

    public String of(GatewayDef gateway) {
        return tag(xml.gateway(gateway));
    }

    private static String tag(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
