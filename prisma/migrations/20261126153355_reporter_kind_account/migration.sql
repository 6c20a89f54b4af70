-- AlterEnum
ALTER TYPE "ReporterKind" ADD VALUE 'ACCOUNT';
