package org.wsgateway.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.catalina.Context;

/**
 * An embedded Tomcat with the gateway valve and the admin WAR (the built {@code ws-admin.war}, as operators deploy
 * it), and one Tomcat user per role: {@code creator}, {@code publisher}, {@code admin}, plus {@code nobody} without
 * a ws-gateway role.
 */
abstract class AdminTestBase extends GatewayTestBase {

    static final String PASSWORD = "test-only-password";
    protected static AdminClient creator;
    protected static AdminClient publisher;
    protected static AdminClient admin;
    protected static Context adminWebapp;

    static void startWithAdmin(String configXml) throws Exception {
        startWithAdmin(configXml, t -> { });
    }

    /** As {@link #startWithAdmin(String)}, with more set-up of the embedded Tomcat before it starts. */
    static void startWithAdmin(String configXml, java.util.function.Consumer<org.apache.catalina.startup.Tomcat> more)
            throws Exception {
        startTomcat(configXml, t -> {
            more.accept(t);
            for (String[] user : new String[][] {{"creator", "ws-creator"}, {"publisher", "ws-publisher"},
                {"admin", "ws-admin"}, {"nobody", "other"}, {"dev", "ws-subscriber"}, {"dev2", "ws-subscriber"}}) {
                t.addUser(user[0], PASSWORD);
                t.addRole(user[0], user[1]);
            }
            Path war = Path.of(System.getProperty("dist.dir", "target/dist"), "ws-admin.war").toAbsolutePath();
            adminWebapp = t.addWebapp("/ws-admin", war.toString());
        });
        creator = client("creator");
        publisher = client("publisher");
        admin = client("admin");
    }

    static AdminClient client(String user) {
        return new AdminClient("http://127.0.0.1:" + port() + "/ws-admin/api/v1", user, PASSWORD);
    }

    /** A create request body. */
    static ObjectNode apiBody(String name, String context, String version, String backendUrl, List<String> plans) {
        ObjectNode body = AdminClient.JSON.createObjectNode();
        body.put("name", name).put("context", context).put("version", version);
        if (backendUrl != null) {
            body.putObject("endpoint").put("url", backendUrl);
        }
        plans.forEach(body.putArray("plans")::add);
        body.putObject("policies").putObject("open");
        return body;
    }

    static Map<String, Object> action(String action) {
        return Map.of("action", action);
    }
}
