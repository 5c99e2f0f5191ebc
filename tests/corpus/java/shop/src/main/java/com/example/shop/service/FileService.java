package com.example.shop.service;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.springframework.web.multipart.MultipartFile;

/** Product images and bulk catalogue archives. */
public class FileService {
    private final Path uploads = Paths.get("/srv/shop/uploads");

    public Path storeImage(MultipartFile file) throws IOException {
        // techlead-expect: java-upload-filename-path
        Path target = uploads.resolve(file.getOriginalFilename());
        file.transferTo(target);
        return target;
    }

    public Path storeImageSafe(MultipartFile file) throws IOException {
        // techlead-safe
        Path target = uploads.resolve(UUID.randomUUID() + ".png");
        file.transferTo(target);
        return target;
    }

    public void unpack(InputStream archive, File dest) throws IOException {
        try (ZipInputStream zis = new ZipInputStream(archive)) {
            ZipEntry entry;
            while ((entry = zis.getNextEntry()) != null) {
                // techlead-expect: java-zip-slip
                File out = new File(dest, entry.getName());
                Files.copy(zis, out.toPath(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public void unpackSafe(InputStream archive, Path dest) throws IOException {
        try (ZipInputStream zis = new ZipInputStream(archive)) {
            ZipEntry entry;
            while ((entry = zis.getNextEntry()) != null) {
                // techlead-safe
                Path out = dest.resolve(entry.getName()).normalize();
                if (!out.startsWith(dest)) {
                    throw new IOException("entry outside target: " + entry.getName());
                }
                Files.copy(zis, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public void share(Path report) throws IOException {
        // techlead-expect: java-permissive-file-permissions
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-rw-rw-"));
        // techlead-safe
        Files.setPosixFilePermissions(report.resolveSibling("index"), PosixFilePermissions.fromString("rw-r-----"));
    }

    public void thumbnail(String image, int size) throws IOException {
        // techlead-expect: java-runtime-exec-injection
        Runtime.getRuntime().exec("convert " + image + " -resize " + size + " " + image + ".thumb.png");
        // techlead-safe
        new ProcessBuilder("convert", image, "-resize", String.valueOf(size), image + ".thumb.png").start();
    }
}
