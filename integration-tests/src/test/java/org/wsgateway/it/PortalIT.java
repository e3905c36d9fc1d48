package org.wsgateway.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.support.ui.Select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publisher portal in a real browser (headless Chromium): WSO2's "Create a WebSocket API" walk-through, buttons
 * by role, the test console through the real gateway, the live dashboard, and hostile names shown as text.
 * Screenshots of the main pages go to target/screenshots.
 */
class PortalIT extends AdminTestBase {

    private TesterBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        // One point a second in the metrics' time series, so the dashboard charts traffic within seconds.
        startWithAdmin(config(""), t -> valve.setMetricsSampleSeconds(1));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private TesterBrowser as(String user) {
        browser = TesterBrowser.signedIn("http://127.0.0.1:" + port(), user, PASSWORD);
        return browser;
    }

    @Test
    void walksThroughCreatingAndPublishingAWebSocketApiAsPublisher() throws Exception {
        TesterBrowser b = as("publisher");
        b.click("#create-api");
        b.shown("#design-form");
        b.type("input[name=name]", "EchoWebSocket");
        b.type("input[name=context]", "/echowebsocket");
        b.type("input[name=version]", "1.0");
        b.type("input[name=endpoint]", "http://not-a-websocket.example/");
        b.find("#plan-Gold").click();
        b.find("#plan-Silver").click();
        b.screenshot("design-form");

        // The server's problem details appear beside the field they name.
        b.find("#create-publish").click();
        String error = b.text(".field[data-field=endpoint] .field-error", "ws://");
        assertTrue(error.contains("must start with ws:// or wss://"), error);
        assertEquals("true", b.find("input[name=endpoint]").getAttribute("aria-invalid"));
        b.screenshot("design-form-invalid");

        b.type("input[name=endpoint]", backend.url("/echo").toString());
        b.find("#create-publish").click();
        b.text("#api-title", "EchoWebSocket");
        b.text("#api-state", "PUBLISHED");
        assertTrue(b.text("#api-url", "ws://").endsWith("/echowebsocket/1.0"));
        JsonNode api = publisher.get("/apis?q=EchoWebSocket").json().path("items").get(0);
        assertEquals("PUBLISHED", api.path("lifecycle").asText());
        assertEquals(List.of("Gold", "Silver"), List.of(api.path("plans").get(0).asText(),
                api.path("plans").get(1).asText()));
        b.screenshot("overview");

        // The cogwheel: endpoint settings.
        b.click("#endpoint-settings");
        b.shown("#endpoint-dialog");
        b.type("#endpoint-dialog input[name=idleTimeout]", "5x");
        b.find("#endpoint-save").click();
        b.shown("#endpoint-dialog .field[data-field=idleTimeout] .field-error");
        b.screenshot("endpoint-settings");
        b.type("#endpoint-dialog input[name=idleTimeout]", "30s");
        b.find("#endpoint-save").click();
        b.waitFor(d -> d.findElements(By.id("endpoint-dialog")).isEmpty());
        String id = api.path("id").asText();
        assertEquals("30s", publisher.get("/apis/" + id + "/endpoint").json().path("idleTimeout").asText());

        // A lifecycle action, confirmed.
        b.click("#lifecycle-deprecate");
        b.click("dialog.confirm button.primary");
        b.text("#api-state", "DEPRECATED");
        assertEquals("DEPRECATED", publisher.get("/apis/" + id).json().path("lifecycle").asText());

        // The list finds it.
        b.open("apis");
        b.type("#api-search", "echoweb");
        b.find("#api-search").sendKeys(Keys.ENTER);
        b.text("#api-table", "EchoWebSocket");
    }

    @Test
    void showsCreateAndPublishOnlyToPublishersAndSaysWhy() throws Exception {
        TesterBrowser b = as("creator");
        b.open("apis/new");
        fillDesignForm(b, "RoleCheck", "/role-check");
        assertTrue(b.find("#create").isEnabled());
        assertFalse(b.find("#create-publish").isEnabled());
        assertTrue(b.find("#publish-reason").getText().contains("publisher"), b.find("#publish-reason").getText());
        assertEveryControlIsLabelled(b);
        b.script("document.getElementById('publish-reason').scrollIntoView({block: 'center'});");
        b.screenshot("design-form-creator");
        b.close();

        b = as("publisher");
        b.open("apis/new");
        b.shown("#design-form");
        assertFalse(b.find("#create").isEnabled());
        assertFalse(b.find("#create-publish").isEnabled());
        assertTrue(b.find("#publish-reason").getText().contains("Endpoint"), b.find("#publish-reason").getText());
        fillDesignForm(b, "RoleCheck", "/role-check");
        assertTrue(b.find("#create-publish").isEnabled());
        assertEquals("", b.find("#publish-reason").getText());
        // The keyboard reaches the fields in order, and the buttons.
        b.find("input[name=name]").sendKeys(Keys.TAB);
        assertEquals("context", b.script("return document.activeElement.name;"));
        b.find("textarea[name=description]").sendKeys(Keys.TAB);
        assertEquals("create", b.script("return document.activeElement.id;"));
        b.find("#create").sendKeys(Keys.TAB);
        assertEquals("create-publish", b.script("return document.activeElement.id;"));
        b.close();

        b = as("dev");
        b.open("apis");
        b.shown("#api-results");
        assertTrue(b.findAll("#create-api").isEmpty(), "a subscriber is offered to create APIs");
    }

    @Test
    void echoesThroughTheGatewayInTheTestConsole() throws Exception {
        String id = publishedApi("ConsoleEcho", "/console-echo", false);
        AdminClient dev = client("dev");
        String app = dev.post("/applications", Map.of("name", "Console")).json().path("id").asText();
        assertEquals(201, dev.post("/applications/" + app + "/subscriptions", Map.of("api", id, "plan", "Gold"))
                .status());
        String key = dev.post("/applications/" + app + "/keys", Map.of("name", "console")).json().path("key")
                .asText();

        TesterBrowser b = as("publisher");
        b.open("console/" + id);
        b.shown("#console-form");
        b.script("arguments[0].value = 'key'; arguments[0].dispatchEvent(new Event('input'));",
                b.find("#console-credential"));
        b.type("#console-secret", key);
        b.type("#console-query", "trace=on");
        assertTrue(b.find("#console-url").getText().contains("apikey=***"), b.find("#console-url").getText());
        b.find("#console-connect").click();
        b.text("#console-state", "OPEN");
        b.type("#console-message", "hello through the portal");
        b.find("#console-send").click();
        b.text("#console-log li.received", "hello through the portal");
        b.find("#console-binary").click();
        b.type("#console-message", "01 02 ff");
        b.find("#console-send").click();
        b.text("#console-log li.received", "3 bytes: 01 02 ff");
        b.screenshot("console");
        b.find("#console-disconnect").click();
        assertEquals("1000", b.shown("#console-log li.close").getAttribute("data-code"));
        b.text("#console-state", "CLOSED");

        // Without the key the gateway refuses the handshake: the console shows the failed connection.
        b.type("#console-secret", "");
        b.find("#console-connect").click();
        b.waitFor(d -> b.findAll("#console-log li.close").size() == 2 ? true : null);
        b.text("#console-log li.error", "WebSocket error");
        assertEquals("1006", b.findAll("#console-log li.close").get(1).getAttribute("data-code"));
        b.text("#console-state", "CLOSED");
    }

    @Test
    void chartsLiveTrafficOnTheDashboard() throws Exception {
        String id = publishedApi("Charted", "/charted", true);
        TesterBrowser b = as("creator");
        b.open("dashboard/" + id);
        b.shown("#dashboard-totals .tile");
        b.text("#dashboard-nodes [data-node]", "(this node)");
        b.text("#dashboard-nodes", "Cluster connections");
        TesterClient client = TesterClient.connect(gateway("/charted/1"));
        for (int i = 0; i < 20; i++) {
            client.send("tick " + i);
            assertEquals("tick " + i, client.nextText());
        }
        b.waitFor(30, "inbound messages in the chart's table", d -> peak(b, "messages") > 0 ? true : null);
        b.waitFor(30, "one active connection", d -> "1".equals(b.find("[data-total=sessionsActive] dd").getText())
                ? true : null);
        assertEquals("20", b.find("[data-total=messagesInbound] dd").getText());
        Number plotted = (Number) b.script("const c = Chart.getChart('chart-messages');"
                + "return Math.max(...c.data.datasets[0].data);");
        assertTrue(plotted.doubleValue() > 0, "the chart plots no inbound messages");
        Number connections = (Number) b.script("return Math.max(...Chart.getChart('chart-connections')"
                + ".data.datasets[0].data);");
        assertEquals(1, connections.intValue());
        b.screenshot("dashboard");
        client.close(1000, "");
    }

    @Test
    void showsHostileNamesAsText() throws Exception {
        String hostile = "<img src=x onerror=\"document.body.dataset.pwned=1\">";
        String script = "<script>alert(1)</script>";
        var body = apiBody(hostile, "/hostile", "1", backend.url("/echo").toString(), List.of("Gold"));
        body.put("description", script);
        String id = publisher.post("/apis", body).json().path("id").asText();

        TesterBrowser b = as("publisher");
        b.open("apis");
        b.type("#api-search", "hostile");
        b.find("#api-search").sendKeys(Keys.ENTER);
        assertEquals(hostile, b.text("#api-table a", "<img"));
        b.open("apis/" + id);
        assertTrue(b.text("#api-title", hostile).startsWith(hostile));
        assertTrue(b.text("#api-facts", script).contains("Description"));
        b.screenshot("hostile-names");
        assertTrue(b.findAll("main img, main script").isEmpty(), "markup from a name was injected");
        assertEquals(null, b.script("return document.body.dataset.pwned || null;"));
        assertThrows(NoAlertPresentException.class, () -> b.driver().switchTo().alert());
    }

    @Test
    void fitsAPhoneWidthScreen() throws Exception {
        String id = publishedApi("Narrow", "/narrow", true);
        TesterBrowser b = as("publisher");
        b.resize(390, 844);
        for (String page : List.of("apis", "apis/" + id, "console/" + id, "dashboard/" + id)) {
            b.open(page);
            b.shown("main h1");
            b.waitFor(d -> !b.findAll("main form, main table, main dl").isEmpty() ? true : null);
            Number overflow = (Number) b.script("return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow.intValue() <= 0, page + " overflows a phone-width screen by " + overflow + " px");
        }
        b.open("apis/" + id);
        b.shown("#api-title");
        b.screenshot("overview-phone");
    }

    @Test
    void issuesAKeyShownOnceThatConnects() throws Exception {
        publishedApi("Keyed", "/keyed", false);
        TesterBrowser b = as("dev");
        b.open("applications");
        b.shown("#application-form");
        b.type("#application-form input[name=name]", "Mobile");
        b.find("#application-form button[type=submit]").click();
        String card = "#applications-list section[aria-label='Application Mobile'] ";
        b.shown(card);
        new Select(b.find(card + "select[name=api]")).selectByVisibleText("Keyed 1");
        new Select(b.find(card + "select[name=plan]")).selectByVisibleText("Gold");
        b.click(card + "form button[type=submit]");
        b.text(card + "table", "Keyed 1");
        b.type(card + "input[name=name]", "phone");
        b.click(card + "form:last-of-type button[type=submit]");
        String key = b.waitFor(10, "the new key", d -> {
            String value = b.find("#new-key").getAttribute("value");
            return value.isEmpty() ? null : value;
        });
        b.screenshot("applications-new-key");
        TesterClient client = TesterClient.connect(gateway("/keyed/1?apikey=" + key));
        client.send("with the portal's key");
        assertEquals("with the portal's key", client.nextText());
        client.close(1000, "");

        b.click("#issued-key button:last-of-type");
        assertTrue(b.findAll("#new-key").isEmpty(), "the key stays shown after Done");
        b.driver().navigate().refresh();
        assertTrue(b.text(card + "table:last-of-type", "phone").contains(key.substring(0, 8)), "no key prefix");
        assertFalse(b.driver().getPageSource().contains(key), "the key is shown again");
    }

    @Test
    void importsAnAsyncApiDocument() throws Exception {
        String id = publishedApi("Exported", "/exported", true);
        String document = publisher.get("/apis/" + id + "/asyncapi").raw().body()
                .replace("Exported", "Imported").replace("/exported", "/imported");
        TesterBrowser b = as("publisher");
        b.open("apis/" + id);
        b.click("#export");
        b.open("import");
        b.shown("#import-form");
        b.script("arguments[0].value = arguments[1];", b.find("#import-form textarea"), document);
        b.find("#import-form button[type=submit]").click();
        b.text("#api-title", "Imported");
        b.text("#api-state", "CREATED");
        assertEquals(1, publisher.get("/apis?q=Imported").json().path("count").asInt());
    }

    @Test
    void letsAdminsDefineBusinessPlansAndListsGateways() throws Exception {
        TesterBrowser b = as("admin");
        b.open("plans");
        b.shown("#plans-form");
        b.find("#plans-form button[type=submit]").click();
        b.text("#plans-form .field[data-field=name] .field-error", "required");
        b.type("#plans-form input[name=name]", "Platinum");
        b.type("#plans-form input[name=messagesPerMinute]", "100");
        b.find("#plans-form button[type=submit]").click();
        b.text("#plans-list table", "Platinum");
        assertEquals(100, admin.get("/plans/Platinum").json().path("messagesPerMinute").asInt());
        b.screenshot("plans");
        b.open("gateways");
        b.text("#gateways-list table", "yes");
        String self = b.text("#nodes-list tbody tr", "this node");
        assertTrue(self.contains(org.wsgateway.catalog.Gateways.nodeName()) && self.contains("up"), self);
        b.close();

        b = as("publisher");
        b.open("plans");
        b.text("#plans-list table", "Platinum");
        assertTrue(b.findAll("#plans-form").isEmpty(), "a publisher is offered to define plans");
        b.text("main .reason", "ws-admin");
    }

    /** The largest value of the first series of a dashboard chart, as its data attribute tells. */
    private static double peak(TesterBrowser b, String chart) {
        return Double.parseDouble(b.find("#chart-" + chart).findElement(By.xpath("./ancestor::section"))
                .getAttribute("data-peak").split(",")[0]);
    }

    private static void fillDesignForm(TesterBrowser b, String name, String context) {
        b.shown("#design-form");
        b.type("input[name=name]", name);
        b.type("input[name=context]", context);
        b.type("input[name=version]", "1");
        b.type("input[name=endpoint]", backend.url("/echo").toString());
        b.find("#plan-Gold").click();
    }

    /** Every control of the page has a label (or an accessible name). */
    private static void assertEveryControlIsLabelled(TesterBrowser b) {
        Object unlabelled = b.script("return [...document.querySelectorAll('main input, main select, main textarea')]"
                + ".filter(c => c.labels.length === 0 && !c.getAttribute('aria-label')).map(c => c.name).join();");
        assertEquals("", unlabelled);
    }

    /** An API created and published through the REST API, open to anyone or for subscribers (Gold plan). */
    private static String publishedApi(String name, String context, boolean open) throws Exception {
        var body = apiBody(name, context, "1", backend.url("/echo").toString(), List.of("Gold"));
        if (!open) {
            body.remove("policies");
        }
        AdminClient.Answer created = publisher.post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asText();
    }
}
