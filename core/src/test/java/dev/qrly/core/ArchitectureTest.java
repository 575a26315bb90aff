package dev.qrly.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain and the QR engine depend on nothing that talks to a network or a database. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.qrly.core", "dev.qrly.engine");

    @Test
    void domainAndEngine_useNoAdapterTechnology() {
        noClasses().that().resideInAnyPackage("dev.qrly.core..", "dev.qrly.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "java.sql..", "org.sqlite..", "java.net.http..",
                        "io.netty..", "dev.qrly.server..", "dev.qrly.store..", "dev.qrly.app..")
                .check(CLASSES);
    }

    @Test
    void engine_dependsOnNothingOfTheService() {
        noClasses().that().resideInAPackage("dev.qrly.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.qrly.core..")
                .check(CLASSES);
    }
}
