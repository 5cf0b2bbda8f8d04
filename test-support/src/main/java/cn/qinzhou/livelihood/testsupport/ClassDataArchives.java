package cn.qinzhou.livelihood.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A dynamic class-data-sharing archive per service build: the classes a service's JVM loaded during a training
 * run (its first start, a few requests, a graceful stop), written next to its jar as
 * {@code target/app/class-data-<key>.jsa} and mapped by every later start of the same build
 * ({@code -XX:SharedArchiveFile}, {@code -Xshare:auto}: a JVM that cannot use it loads the classes as before).
 *
 * <p>The key covers every file of {@code target/app} (path, size, modification time), the JVM (home and version)
 * and the JVM options, so a rebuilt jar, another JDK or other options get an archive of their own, made by a
 * training run of their own; older archives of the same service are deleted when a new one is written. Training
 * holds a file lock ({@code class-data.lock}), so concurrent stacks (parallel test forks) never train the same
 * service twice at once: the one that does not get the lock starts without an archive. The JVM writes to a
 * temporary file, moved into place atomically once complete, so a reader never maps half an archive.
 *
 * <p>The Kafka broker of the tests and benchmarks ({@link LocalKafkaBroker}) has one too, kept beside its classpath
 * file and keyed by the classpath's jars: its first start after a build of {@code deploy/kafka-broker} writes it when
 * stopped gracefully.
 *
 * <p>Off with {@code LIVELIHOOD_CLASS_DATA_ARCHIVE=off} (or {@code -Dlivelihood.class-data-archive=off}).
 */
final class ClassDataArchives {

    static final ClassDataArchives ON = new ClassDataArchives(true);
    static final ClassDataArchives OFF = new ClassDataArchives(false);

    private static final String PREFIX = "class-data-";
    private static final String SUFFIX = ".jsa";

    private final boolean enabled;

    private ClassDataArchives(boolean enabled) {
        this.enabled = enabled;
    }

    static ClassDataArchives fromEnvironment() {
        String setting = System.getProperty("livelihood.class-data-archive", System.getenv("LIVELIHOOD_CLASS_DATA_ARCHIVE"));
        if (setting == null) {
            return ON;
        }
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "off", "false", "no", "0" -> OFF;
            default -> ON;
        };
    }

    boolean enabled() {
        return enabled;
    }

    /** The options that map the build's archive, or none while there is none (or archives are off). */
    List<String> useArchive(Path appDir, List<String> jvmOptions) {
        return useArchive(appDir, filesOf(appDir), jvmOptions);
    }

    /**
     * The options that map the archive of a build given as its files (a classpath's jars), kept in {@code dir}, or
     * none while there is none (or archives are off).
     */
    List<String> useArchive(Path dir, List<Path> build, List<String> jvmOptions) {
        if (!enabled) {
            return List.of();
        }
        Path archive = archive(dir, build, jvmOptions);
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto") : List.of();
    }

    /**
     * A training run to make, or null when the archive is there already or another process is making it. The
     * caller starts the JVM with {@link Training#jvmOptions}, stops it
     * gracefully, then calls {@link Training#finish} and {@link Training#close}.
     */
    Training beginTraining(Path appDir, List<String> jvmOptions) {
        return Files.isDirectory(appDir) ? beginTraining(appDir, filesOf(appDir), jvmOptions) : null;
    }

    /** {@link #beginTraining(Path, List)} for a build given as its files, its archive kept in {@code dir}. */
    Training beginTraining(Path dir, List<Path> build, List<String> jvmOptions) {
        if (!enabled || !Files.isDirectory(dir)) {
            return null;
        }
        Path archive = archive(dir, build, jvmOptions);
        if (Files.isRegularFile(archive)) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve("class-data.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null || Files.isRegularFile(archive)) {
                channel.close();
                return null;
            }
            return new Training(archive, channel);
        } catch (OverlappingFileLockException heldInThisJvm) {
            closeQuietly(channel);
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(e);
        }
    }

    /** The archive's path for this build of the jar, this JVM and these options. */
    static Path archive(Path appDir, List<String> jvmOptions) {
        return archive(appDir, filesOf(appDir), jvmOptions);
    }

    /** The archive's path in {@code dir} for a build made of these files, this JVM and these options. */
    static Path archive(Path dir, List<Path> build, List<String> jvmOptions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, System.getProperty("java.home") + "\n" + Runtime.version() + "\n" + String.join("\u0000", jvmOptions) + "\n");
            for (Path file : build) {
                Path named = file.startsWith(dir) ? dir.relativize(file) : file;
                update(digest, named + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() + "\n");
            }
            return dir.resolve(PREFIX + HexFormat.of().formatHex(digest.digest(), 0, 8) + SUFFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files of a service's build (its jar and lib/), in a fixed order; not the archives made of it. */
    private static List<Path> filesOf(Path appDir) {
        if (!Files.isDirectory(appDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(appDir)) {
            return files.filter(Files::isRegularFile).filter(ClassDataArchives::partOfBuild).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean partOfBuild(Path file) {
        String name = file.getFileName().toString();
        return !(name.startsWith(PREFIX) || name.equals("class-data.lock"));
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    /** Archives made before the newest file of the build are of an earlier build (another key), never mapped again. */
    private static void deleteStale(Path appDir) throws IOException {
        long built;
        try (Stream<Path> files = Files.walk(appDir)) {
            built = files.filter(Files::isRegularFile).filter(ClassDataArchives::partOfBuild)
                    .mapToLong(file -> {
                        try {
                            return Files.getLastModifiedTime(file).toMillis();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).max().orElse(0);
        }
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(appDir, PREFIX + "*" + SUFFIX)) {
            for (Path archive : archives) {
                if (Files.getLastModifiedTime(archive).toMillis() < built) {
                    Files.deleteIfExists(archive);
                }
            }
        }
    }

    /** One training run of one build: where the JVM writes, and the lock held until {@link #close}. */
    static final class Training implements AutoCloseable {
        private final Path archive;
        private final Path temporary;
        private final FileChannel lock;

        private Training(Path archive, FileChannel lock) {
            this.archive = archive;
            this.temporary = archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            this.lock = lock;
        }

        Path temporaryFile() {
            return temporary;
        }

        /** The options of the JVM that writes the archive (to the temporary file) as it exits. */
        List<String> jvmOptions() {
            return List.of("-XX:ArchiveClassesAtExit=" + temporary);
        }

        /** Moves a complete archive into place (deleting the service's older ones); without one, nothing changes. */
        boolean finish() {
            try {
                if (!Files.isRegularFile(temporary) || Files.size(temporary) == 0) {
                    Files.deleteIfExists(temporary);
                    return false;
                }
                Files.move(temporary, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                deleteStale(archive.getParent());
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a leftover temporary file is deleted with the next archive
            }
            closeQuietly(lock);
        }
    }
}
