using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;

namespace Shop.Api.Services;

/// Password hashing, card encryption and signing keys.
public class CryptoService
{
    private readonly byte[] _cardKey;

    public CryptoService(byte[] cardKey)
    {
        _cardKey = cardKey;
    }

    public string LegacyHash(string password)
    {
        // techlead-expect: csharp-weak-hash
        using var md5 = MD5.Create();
        return Convert.ToBase64String(md5.ComputeHash(Encoding.UTF8.GetBytes(password)));
    }

    public string FileDigest(byte[] data)
    {
        // techlead-safe
        return Convert.ToHexString(SHA256.HashData(data));
    }

    public byte[] DeriveLegacy(string password, byte[] salt)
    {
        // techlead-expect: csharp-pbkdf2-low-iterations
        using var kdf = new Rfc2898DeriveBytes(password, salt);
        return kdf.GetBytes(32);
    }

    public byte[] Derive(string password, byte[] salt)
    {
        // techlead-safe
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
    }

    public byte[] DeriveForCookies(string password, byte[] salt)
    {
        // techlead-expect: csharp-pbkdf2-low-iterations
        return KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, iterationCount: 10000, numBytesRequested: 32);
    }

    public byte[] EncryptCard(string pan)
    {
        using var aes = Aes.Create();
        aes.Key = _cardKey;
        // techlead-expect: csharp-static-iv
        aes.IV = new byte[16];
        using var enc = aes.CreateEncryptor();
        var plain = Encoding.UTF8.GetBytes(pan);
        return enc.TransformFinalBlock(plain, 0, plain.Length);
    }

    public byte[] EncryptCardEcb(string pan)
    {
        using var aes = Aes.Create();
        aes.Key = _cardKey;
        // techlead-expect: csharp-weak-cipher
        aes.Mode = CipherMode.ECB;
        var plain = Encoding.UTF8.GetBytes(pan);
        return aes.CreateEncryptor().TransformFinalBlock(plain, 0, plain.Length);
    }

    public byte[] EncryptCardSafe(string pan)
    {
        // techlead-safe
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(pan);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        // techlead-safe
        using var gcm = new AesGcm(_cardKey, 16);
        gcm.Encrypt(nonce, plain, cipher, tag);
        return [.. nonce, .. tag, .. cipher];
    }

    public RSA SigningKey()
    {
        // techlead-expect: csharp-weak-rsa-key
        return RSA.Create(1024);
    }

    public RSA SigningKeySafe()
    {
        // techlead-safe
        return RSA.Create(3072);
    }

    public string ResetToken()
    {
        // techlead-expect: csharp-insecure-random
        var token = new Random().Next().ToString("x8");
        return token;
    }

    public string ResetTokenSafe()
    {
        // techlead-safe
        return Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    }

    public void WriteKeyFile(string path, byte[] key)
    {
        File.WriteAllBytes(path, key);
        // techlead-expect: csharp-file-permissive-mode
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        // techlead-safe
        File.SetUnixFileMode(path + ".pub", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
    }
}
