using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("req-123_abc.def:1@x")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public void Plain_ids_are_their_own_key(string id) => Assert.Equal(id, TableKeys.Key(id));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("~abc")]
    [InlineData("")]
    [InlineData("é")]
    public void Other_ids_are_encoded_to_safe_distinct_keys(string id)
    {
        var key = TableKeys.Key(id);

        Assert.StartsWith("~", key, StringComparison.Ordinal);
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.NotEqual(key, TableKeys.Key(id + "x"));
    }

    [Fact]
    public void Long_ids_stay_within_the_key_limit()
    {
        var (a, b) = (new string('a', 5000), new string('a', 4999) + "b");

        Assert.InRange(TableKeys.Key(a).Length, 1, 512);
        Assert.NotEqual(TableKeys.Key(a), TableKeys.Key(b));
        Assert.InRange(TableKeys.Key(new string('/', 300)).Length, 1, 512);
    }

    [Fact]
    public void Inverted_times_sort_newest_first()
    {
        var t = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.True(string.CompareOrdinal(TableKeys.Inverted(t.AddTicks(1)), TableKeys.Inverted(t)) < 0);
        Assert.Equal(19, TableKeys.Inverted(t).Length);
        Assert.Equal(TableKeys.Inverted(t), TableKeys.Inverted(t.ToOffset(TimeSpan.FromHours(2))));
    }
}
