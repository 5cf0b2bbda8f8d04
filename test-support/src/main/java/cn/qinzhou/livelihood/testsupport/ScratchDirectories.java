package cn.qinzhou.livelihood.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directories a test or a benchmark makes for itself (a cluster, a broker's data, a browser profile, logs). */
public final class ScratchDirectories {

    /**
     * Deletes the directory and everything under it, deepest first. What cannot be deleted stays: a leftover
     * scratch directory harms nothing, and a failed clean-up must not hide the result of what used it.
     */
    public static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // see above
        }
    }

    private ScratchDirectories() {
    }
}
