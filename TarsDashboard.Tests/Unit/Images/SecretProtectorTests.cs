using System.Security.Cryptography;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Images;

/// <summary>Registry passwords encrypted at rest with a key ring kept in the database.</summary>
public sealed class SecretProtectorTests
{
    [Fact]
    public async Task A_secret_round_trips_and_its_stored_form_is_prefixed_and_not_the_secret()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var protector = host.Get<SecretProtector>();

        var stored = await protector.ProtectAsync("s3cret-Pässword");

        Assert.StartsWith(SecretProtector.Prefix, stored);
        Assert.DoesNotContain("s3cret", stored);
        Assert.NotEqual(stored, await protector.ProtectAsync("s3cret-Pässword")); // a fresh nonce each time
        Assert.Equal("s3cret-Pässword", await protector.UnprotectAsync(stored));
        Assert.Equal("", await protector.ProtectAsync(""));
    }

    [Fact]
    public async Task A_legacy_plaintext_password_is_returned_as_is()
    {
        await using var host = await CoreHost.CreateSqliteAsync();

        Assert.Equal("written-by-tars-web", await host.Get<SecretProtector>().UnprotectAsync("written-by-tars-web"));
        Assert.False(SecretProtector.IsProtected("written-by-tars-web"));
    }

    [Fact]
    public async Task The_longest_allowed_secret_still_fits_the_128_character_tars_column()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var longest = new string('x', SecretProtector.MaxSecretBytes);

        var stored = await host.Get<SecretProtector>().ProtectAsync(longest);

        Assert.Equal(62, SecretProtector.MaxSecretBytes);
        Assert.True(stored.Length <= SecretProtector.ColumnLength, $"{stored.Length} characters");
        Assert.False(SecretProtector.Fits(longest + "x"));
        Assert.False(SecretProtector.Fits(new string('ü', 32))); // 64 UTF-8 bytes
        await Assert.ThrowsAsync<ArgumentException>(() => host.Get<SecretProtector>().ProtectAsync(longest + "x"));
    }

    [Fact]
    public async Task The_key_ring_is_in_the_database_so_a_new_instance_on_it_decrypts_and_another_database_cannot()
    {
        var shared = Directory.CreateTempSubdirectory("tdash-keyring-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Database:DataFolder"] = shared.FullName };
            string stored;
            await using (var first = await CoreHost.CreateSqliteAsync(settings))
            {
                stored = await first.Get<SecretProtector>().ProtectAsync("survives-restart");
                var database = first.Get<TarsDatabase>();
                Assert.True(await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tdash_dataprotection_key") >= 1);
                Assert.Equal(1, await database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tdash_secret_key"));
            }

            await using (var second = await CoreHost.CreateSqliteAsync(settings))
            {
                Assert.Equal("survives-restart", await second.Get<SecretProtector>().UnprotectAsync(stored));
            }

            await using var stranger = await CoreHost.CreateSqliteAsync();
            var error = await Assert.ThrowsAsync<CryptographicException>(() => stranger.Get<SecretProtector>().UnprotectAsync(stored));
            Assert.Contains("Enter it again", error.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            shared.Delete(recursive: true);
        }
    }
}
