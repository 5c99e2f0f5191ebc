using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace Shop.Api.Services;

/// Encrypts stored payout bank details, hashes staff PINs and wraps keys
/// for the reporting partner.
public class VaultService
{
    private readonly byte[] _payoutKey;
    private readonly RSA _partnerKey;
    private readonly PasswordHasher<StaffMember> _hasher = new();

    public VaultService(IConfiguration config, RSA partnerKey)
    {
        _payoutKey = Convert.FromBase64String(config["Vault:PayoutKey"]!);
        _partnerKey = partnerKey;
    }

    public byte[] EncryptIban(string iban)
    {
        using var aes = Aes.Create();
        // techlead-safe
        aes.Key = _payoutKey;
        aes.GenerateIV();
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(iban), aes.IV);
        var result = new byte[aes.IV.Length + cipher.Length];
        aes.IV.CopyTo(result, 0);
        cipher.CopyTo(result, aes.IV.Length);
        return result;
    }

    public byte[] EncryptLegacyExport(string csv)
    {
        using var aes = Aes.Create();
        // techlead-expect: csharp-hardcoded-crypto-key
        aes.Key = Encoding.UTF8.GetBytes("Sh0pExp0rtK3y-2021-do-not-share!");
        aes.GenerateIV();
        return aes.EncryptCbc(Encoding.UTF8.GetBytes(csv), aes.IV);
    }

    public byte[] DeriveStaffPin(string pin)
    {
        // techlead-expect: csharp-static-salt
        return Rfc2898DeriveBytes.Pbkdf2(pin, Encoding.UTF8.GetBytes("shop-staff-pin"), 600_000, HashAlgorithmName.SHA256, 32);
    }

    public (byte[] Salt, byte[] Hash) DeriveStaffPinV2(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        // techlead-safe
        var hash = Rfc2898DeriveBytes.Pbkdf2(pin, salt, 600_000, HashAlgorithmName.SHA256, 32);
        return (salt, hash);
    }

    public string HashKioskPassword(string password)
    {
        // techlead-expect: csharp-password-fast-hash
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
    }

    public string HashStaffPassword(StaffMember member, string password)
    {
        // techlead-safe
        return _hasher.HashPassword(member, password);
    }

    public byte[] WrapForPartner(byte[] reportKey)
    {
        // techlead-expect: csharp-rsa-pkcs1-encryption
        return _partnerKey.Encrypt(reportKey, RSAEncryptionPadding.Pkcs1);
    }

    public byte[] WrapForPartnerV2(byte[] reportKey)
    {
        // techlead-safe
        return _partnerKey.Encrypt(reportKey, RSAEncryptionPadding.OaepSHA256);
    }
}

public class StaffMember
{
    public int Id { get; set; }
}
