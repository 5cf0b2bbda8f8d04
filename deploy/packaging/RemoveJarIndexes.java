import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes {@code META-INF/INDEX.LIST} from every jar of a service's {@code lib/} directory. Run by each service's
 * build right after Quarkus packages it ({@code java RemoveJarIndexes.java target/app/lib}; the parent pom's
 * {@code remove-jar-indexes} execution).
 *
 * <p>Why: the services' jars are on the JVM's class path, and JDK 17 reads a jar's index when it opens the jar and
 * consults it on every lookup the jar itself does not answer. Each of these indexes (about 130 of the Quarkus,
 * SmallRye, Vert.x and Netty jars carry one) names only its own jar, under its Maven file name, which is not the name
 * Quarkus copies it to; so every such lookup tries to open a file that does not exist and throws. Reading them and
 * those failed opens cost a start about 0.3 CPU s of 3.3 with a class-data archive and about 1 of 7 without one
 * (benchmarks/README.md, "Start time"). An index that can find nothing changes no lookup's answer; JDK 18 and later
 * ignore these indexes altogether.
 *
 * <p>The jars are rewritten in place by the JDK's zip file system, which copies every other entry's compressed bytes
 * as they are.
 */
public class RemoveJarIndexes {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java RemoveJarIndexes.java <lib directory>");
        }
        Path lib = Path.of(args[0]);
        if (!Files.isDirectory(lib)) {
            // A build told not to write the jar (quarkus.package.jar.enabled=false) has nothing to trim.
            System.out.println("[remove-jar-indexes] no " + lib + ", nothing to do");
            return;
        }
        int jars = 0;
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(lib, "*.jar")) {
            for (Path jar : entries) {
                jars++;
                try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                    if (Files.deleteIfExists(zip.getPath("META-INF/INDEX.LIST"))) {
                        removed++;
                    }
                }
            }
        }
        System.out.println("[remove-jar-indexes] " + removed + " of " + jars + " jars in " + lib + " had an index, now removed");
    }
}
