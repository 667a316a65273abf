namespace Comms.Core.Batches;

/// <summary>One line of an NDJSON source: its number (from 1) and its bytes, or none when it is longer than allowed.</summary>
public readonly record struct NdjsonLine(int Number, byte[]? Content);

/// <summary>Reads NDJSON line by line without holding more than one line: blank lines are skipped (their numbers kept), a line too long is returned empty.</summary>
public static class NdjsonLines
{
    public static async IAsyncEnumerable<NdjsonLine> ReadAsync(Stream source, int maxLineBytes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        using var line = new MemoryStream();
        var number = 1;
        var tooLong = false;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                Append(line, buffer.AsSpan(start, i - start), maxLineBytes, ref tooLong);
                if (Take(line, number, ref tooLong) is { } complete)
                {
                    yield return complete;
                }

                number++;
                start = i + 1;
            }

            Append(line, buffer.AsSpan(start, read - start), maxLineBytes, ref tooLong);
        }

        if (Take(line, number, ref tooLong) is { } last)
        {
            yield return last;
        }
    }

    private static void Append(MemoryStream line, ReadOnlySpan<byte> bytes, int max, ref bool tooLong)
    {
        if (tooLong || line.Length + bytes.Length > max)
        {
            tooLong = true;
            return;
        }

        line.Write(bytes);
    }

    private static NdjsonLine? Take(MemoryStream line, int number, ref bool tooLong)
    {
        var wasTooLong = tooLong;
        var content = line.ToArray();
        line.SetLength(0);
        tooLong = false;
        if (wasTooLong)
        {
            return new NdjsonLine(number, null);
        }

        return content.AsSpan().Trim(" \t\r"u8).IsEmpty ? null : new NdjsonLine(number, content);
    }
}
