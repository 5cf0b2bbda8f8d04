package cn.qinzhou.livelihood.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassDataArchivesTest {

    private static final List<String> OPTIONS = List.of("-Xmx512m");

    @TempDir
    Path app;

    private void build(long modifiedAt) throws IOException {
        Files.createDirectories(app.resolve("lib"));
        Files.writeString(app.resolve("project-service-runner.jar"), "jar");
        Files.writeString(app.resolve("lib/dependency.jar"), "dependency");
        for (Path file : List.of(app.resolve("project-service-runner.jar"), app.resolve("lib/dependency.jar"))) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedAt));
        }
    }

    @Test
    void aRebuiltJarOrOtherOptionsGetAnotherArchive() throws IOException {
        build(1_000_000);
        Path first = ClassDataArchives.archive(app, OPTIONS);
        assertEquals(first, ClassDataArchives.archive(app, OPTIONS));
        assertNotEquals(first, ClassDataArchives.archive(app, List.of("-Xmx384m")));
        Files.setLastModifiedTime(app.resolve("lib/dependency.jar"), FileTime.fromMillis(2_000_000));
        assertNotEquals(first, ClassDataArchives.archive(app, OPTIONS));
    }

    @Test
    void theArchiveIsUsedOnceTrainedAndAStaleOneIsReplaced() throws IOException {
        build(1_000_000);
        assertEquals(List.of(), ClassDataArchives.ON.useArchive(app, OPTIONS));
        Path first;
        try (ClassDataArchives.Training training = ClassDataArchives.ON.beginTraining(app, OPTIONS)) {
            assertNotNull(training);
            assertNull(ClassDataArchives.ON.beginTraining(app, OPTIONS), "one training at a time");
            Files.writeString(training.temporaryFile(), "archive");
            assertTrue(training.finish());
            first = ClassDataArchives.archive(app, OPTIONS);
        }
        assertEquals(List.of("-XX:SharedArchiveFile=" + first, "-Xshare:auto"), ClassDataArchives.ON.useArchive(app, OPTIONS));
        assertNull(ClassDataArchives.ON.beginTraining(app, OPTIONS), "trained already");
        assertEquals(List.of(), ClassDataArchives.OFF.useArchive(app, OPTIONS));

        // a rebuild: newer files, so the archive is stale, retrained and the old one deleted
        build(System.currentTimeMillis() + 60_000);
        assertEquals(List.of(), ClassDataArchives.ON.useArchive(app, OPTIONS));
        try (ClassDataArchives.Training training = ClassDataArchives.ON.beginTraining(app, OPTIONS)) {
            assertNotNull(training);
            Files.writeString(training.temporaryFile(), "archive");
            Files.setLastModifiedTime(training.temporaryFile(), FileTime.fromMillis(System.currentTimeMillis() + 120_000));
            assertTrue(training.finish());
        }
        assertFalse(Files.exists(first));
        assertTrue(Files.exists(ClassDataArchives.archive(app, OPTIONS)));
    }

    @Test
    void aTrainingRunThatWroteNothingLeavesNoArchive() throws IOException {
        build(1_000_000);
        try (ClassDataArchives.Training training = ClassDataArchives.ON.beginTraining(app, OPTIONS)) {
            assertFalse(training.finish());
        }
        assertEquals(List.of(), ClassDataArchives.ON.useArchive(app, OPTIONS));
        try (ClassDataArchives.Training again = ClassDataArchives.ON.beginTraining(app, OPTIONS)) {
            assertNotNull(again);
        }
    }

    @Test
    void aClasspathsArchiveIsKeptInItsDirectoryAndKeyedByItsJars(@TempDir Path repository) throws IOException {
        // the broker's: its jars live elsewhere (Maven's repository), its archive beside its classpath file
        Path kafka = Files.writeString(repository.resolve("kafka.jar"), "kafka");
        Path clients = Files.writeString(repository.resolve("kafka-clients.jar"), "clients");
        List<Path> classpath = List.of(kafka, clients);
        assertEquals(List.of(), ClassDataArchives.ON.useArchive(app, classpath, OPTIONS));
        try (ClassDataArchives.Training training = ClassDataArchives.ON.beginTraining(app, classpath, OPTIONS)) {
            assertNotNull(training);
            assertEquals(app, training.temporaryFile().getParent());
            Files.writeString(training.temporaryFile(), "archive");
            assertTrue(training.finish());
        }
        Path archive = ClassDataArchives.archive(app, classpath, OPTIONS);
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"), ClassDataArchives.ON.useArchive(app, classpath, OPTIONS));

        Files.writeString(clients, "clients, another version");
        assertNotEquals(archive, ClassDataArchives.archive(app, classpath, OPTIONS), "another jar: another archive");
        assertEquals(List.of(), ClassDataArchives.ON.useArchive(app, classpath, OPTIONS));
    }
}
