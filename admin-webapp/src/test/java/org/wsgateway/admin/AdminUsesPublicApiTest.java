package org.wsgateway.admin;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The admin webapp uses the valve JAR through its public packages only: the catalog model and its value rules
 * ({@code org.wsgateway.api}) and the catalog's services ({@code org.wsgateway.catalog}), so the valve's inside can
 * change without breaking the WAR. Anything outside {@code org.wsgateway} (JDK, servlet, Jackson, Spring Security,
 * Prometheus) is the admin's own business. See {@code valve-plugin/docs/ARCHITECTURE.md}.
 */
class AdminUsesPublicApiTest {

    private static final JavaClasses ADMIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("org.wsgateway.admin");

    @Test
    void adminUsesOnlyTheApiAndCatalogPackagesOfTheValve() {
        // Exactly these two packages, not their sub-packages; each violation names the class and the line.
        noClasses().that().resideInAPackage("org.wsgateway.admin..")
                .should().dependOnClassesThat(resideInAPackage("org.wsgateway..")
                        .and(not(resideInAnyPackage("org.wsgateway.admin..", "org.wsgateway.api",
                                "org.wsgateway.catalog"))))
                .because("the admin WAR uses the valve JAR only through org.wsgateway.api and org.wsgateway.catalog")
                .check(ADMIN);
    }
}
