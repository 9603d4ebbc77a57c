using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Tests.Support;

/// <summary>
/// Counts the SQL commands sent through a <see cref="TarsDatabase"/>: every connection it opens is wrapped, and each
/// executed command (in a transaction too) adds one. Tests use it to prove a call sends a fixed number of queries.
/// </summary>
public sealed class CommandCounter : IDisposable
{
    private readonly TarsDatabase _database;
    private int _count;

    private CommandCounter(TarsDatabase database)
    {
        _database = database;
        database.WrapConnection = connection => new CountingConnection(connection, this);
    }

    public int Count => Volatile.Read(ref _count);

    public static CommandCounter On(TarsDatabase database) => new(database);

    /// <summary>The commands <paramref name="work"/> sent.</summary>
    public async Task<int> CountAsync(Func<Task> work)
    {
        var before = Count;
        await work();
        return Count - before;
    }

    internal void Add() => Interlocked.Increment(ref _count);

    public void Dispose() => _database.WrapConnection = null;

    [SuppressMessage("Design", "CA1063", Justification = "A pass-through wrapper.")]
    private sealed class CountingConnection(DbConnection inner, CommandCounter counter) : DbConnection
    {
        [AllowNull]
        public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }

        public override string Database => inner.Database;

        public override string DataSource => inner.DataSource;

        public override string ServerVersion => inner.ServerVersion;

        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

        public override void Close() => inner.Close();

        public override void Open() => inner.Open();

        public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
            new CountingTransaction(inner.BeginTransaction(isolationLevel), this);

        protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
            new CountingTransaction(await inner.BeginTransactionAsync(isolationLevel, cancellationToken), this);

        protected override DbCommand CreateDbCommand() => new CountingCommand(inner.CreateCommand(), this, counter);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class CountingTransaction(DbTransaction inner, DbConnection connection) : DbTransaction
    {
        public DbTransaction Inner => inner;

        public override IsolationLevel IsolationLevel => inner.IsolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit() => inner.Commit();

        public override Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public override void Rollback() => inner.Rollback();

        public override Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class CountingCommand(DbCommand inner, DbConnection connection, CommandCounter counter) : DbCommand
    {
        private DbTransaction? _transaction;

        [AllowNull]
        public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }

        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

        protected override DbConnection? DbConnection { get => connection; set { } }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => _transaction;
            set
            {
                _transaction = value;
                inner.Transaction = value is CountingTransaction counting ? counting.Inner : value;
            }
        }

        public override void Cancel() => inner.Cancel();

        public override void Prepare() => inner.Prepare();

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        public override int ExecuteNonQuery()
        {
            counter.Add();
            return inner.ExecuteNonQuery();
        }

        public override object? ExecuteScalar()
        {
            counter.Add();
            return inner.ExecuteScalar();
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            counter.Add();
            return inner.ExecuteReader(behavior);
        }

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            counter.Add();
            return inner.ExecuteNonQueryAsync(cancellationToken);
        }

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        {
            counter.Add();
            return inner.ExecuteScalarAsync(cancellationToken);
        }

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            counter.Add();
            return inner.ExecuteReaderAsync(behavior, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
