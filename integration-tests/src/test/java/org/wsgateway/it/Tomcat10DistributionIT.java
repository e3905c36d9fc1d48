package org.wsgateway.it;

import org.junit.jupiter.api.BeforeAll;

/** Tomcat 10.1 distribution with the complete {@code conf-samples/server.xml}. */
class Tomcat10DistributionIT extends TomcatDistributionTestBase {

    @BeforeAll
    static void start() throws Exception {
        install(System.getProperty("tomcat10.version"), true);
    }
}
