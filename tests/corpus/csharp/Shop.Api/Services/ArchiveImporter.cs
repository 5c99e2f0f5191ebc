using System;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Shop.Api.Services;

/// Suppliers upload a zip of product images; we unpack it into the media
/// folder of that supplier.
public class ArchiveImporter
{
    private readonly string _mediaRoot;
    private readonly ILogger<ArchiveImporter> _logger;

    public ArchiveImporter(string mediaRoot, ILogger<ArchiveImporter> logger)
    {
        _mediaRoot = mediaRoot;
        _logger = logger;
    }

    public int ImportImages(Stream upload, string supplierId)
    {
        var target = Path.Combine(_mediaRoot, "suppliers", supplierId);
        Directory.CreateDirectory(target);
        using var zip = new ZipArchive(upload, ZipArchiveMode.Read);
        var count = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.Length == 0)
            {
                continue;
            }
            // techlead-expect: csharp-zip-slip
            var destination = Path.Combine(target, entry.FullName);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            entry.ExtractToFile(destination, overwrite: true);
            count++;
        }
        _logger.LogInformation("Imported {Count} images for supplier {Supplier}", count, supplierId);
        return count;
    }

    public int ImportPriceSheets(Stream upload, string supplierId)
    {
        var target = Path.GetFullPath(Path.Combine(_mediaRoot, "sheets", supplierId)) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(target);
        using var zip = new ZipArchive(upload, ZipArchiveMode.Read);
        var count = 0;
        foreach (var entry in zip.Entries)
        {
            // techlead-safe
            var destination = Path.GetFullPath(Path.Combine(target, entry.FullName));
            if (!destination.StartsWith(target, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"archive entry escapes the target folder: {entry.FullName}");
            }
            entry.ExtractToFile(destination, overwrite: true);
            count++;
        }
        return count;
    }
}
