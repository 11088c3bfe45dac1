-- AlterEnum
ALTER TYPE "match_method" ADD VALUE 'manual';
