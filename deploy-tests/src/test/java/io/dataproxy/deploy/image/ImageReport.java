package io.dataproxy.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What the image tests measured, for people: each image's size, printed and appended to
 * {@code deploy-tests/target/image-sizes.txt} (the test output itself goes to surefire's report files).
 */
final class ImageReport {

    static final Path FILE = Path.of("target", "image-sizes.txt");

    private ImageReport() {
    }

    static void size(String module, String image) {
        long bytes = Images.size(image);
        String line = String.format(Locale.ROOT, "%s: %s, %.1f MB%n", module, image, bytes / 1e6);
        System.out.print(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
